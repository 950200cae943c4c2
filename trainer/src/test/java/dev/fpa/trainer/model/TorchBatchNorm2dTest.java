package dev.fpa.trainer.model;

import dev.fpa.trainer.model.layers.StateDictLoader;
import dev.fpa.trainer.model.layers.TorchBatchNorm2d;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Torch's BatchNorm2d semantics: batch statistics and momentum-0.1 buffer updates in training, buffers in eval. */
class TorchBatchNorm2dTest {
    private static final int N = 4;
    private static final int C = 3;
    private static final int SIDE = 5;
    private static final double EPS = 1e-5;
    private static final double TOLERANCE = 1e-5;

    @Test
    void trainingUsesBatchStatisticsAndUpdatesTheBuffers() {
        TorchBatchNorm2d norm = new TorchBatchNorm2d(C);
        try (NDManager manager = NDManager.newBaseManager()) {
            Shape shape = new Shape(N, C, SIDE, SIDE);
            norm.initialize(manager, DataType.FLOAT32, shape);
            NDArray x = manager.randomNormal(0, 2, shape, DataType.FLOAT32).add(3);
            float[] y = norm.forward(new ParameterStore(manager, false), new NDList(x), true).head().toFloatArray();

            double[][] stats = channelStatistics(x.toFloatArray());
            int count = N * SIDE * SIDE;
            double[] expectedMean = new double[C];
            double[] expectedVar = new double[C];
            for (int c = 0; c < C; c++) {
                expectedMean[c] = 0.1 * stats[0][c];
                expectedVar[c] = 0.9 + 0.1 * stats[1][c] * count / (count - 1);
            }
            Map<String, Parameter> p = StateDictLoader.namedParameters(norm);
            assertArrayEquals(expectedMean, ModelChecks.values(p.get("running_mean").getArray()), TOLERANCE);
            assertArrayEquals(expectedVar, ModelChecks.values(p.get("running_var").getArray()), TOLERANCE);
            assertEquals(1L, p.get("num_batches_tracked").getArray().getLong());

            double[][] normalised = channelStatistics(y);
            assertArrayEquals(new double[C], normalised[0], TOLERANCE);
            for (int c = 0; c < C; c++) {
                assertEquals(stats[1][c] / (stats[1][c] + EPS), normalised[1][c], TOLERANCE);
            }
        }
    }

    @Test
    void evalUsesTheRunningStatistics() {
        TorchBatchNorm2d norm = new TorchBatchNorm2d(C);
        try (NDManager manager = NDManager.newBaseManager()) {
            Shape shape = new Shape(N, C, SIDE, SIDE);
            norm.initialize(manager, DataType.FLOAT32, shape);
            Map<String, Parameter> p = StateDictLoader.namedParameters(norm);
            float[] mean = {1, -2, 0.5f};
            float[] var = {4, 0.25f, 1};
            float[] weight = {2, 1, -1};
            float[] bias = {0, 3, 1};
            p.get("running_mean").getArray().set(mean);
            p.get("running_var").getArray().set(var);
            p.get("weight").getArray().set(weight);
            p.get("bias").getArray().set(bias);
            NDArray x = manager.randomNormal(shape);
            float[] y = norm.forward(new ParameterStore(manager, false), new NDList(x), false).head().toFloatArray();
            float[] xs = x.toFloatArray();
            int plane = SIDE * SIDE;
            for (int i = 0; i < xs.length; i++) {
                int c = (i / plane) % C;
                double expected = (xs[i] - mean[c]) / Math.sqrt(var[c] + EPS) * weight[c] + bias[c];
                assertEquals(expected, y[i], TOLERANCE);
            }
            assertEquals(0L, p.get("num_batches_tracked").getArray().getLong());
        }
    }

    /** Per channel: [mean, biased variance]. */
    private static double[][] channelStatistics(float[] values) {
        int plane = SIDE * SIDE;
        double[][] stats = new double[2][C];
        for (int i = 0; i < values.length; i++) {
            stats[0][(i / plane) % C] += values[i];
        }
        int count = N * plane;
        for (int c = 0; c < C; c++) {
            stats[0][c] /= count;
        }
        for (int i = 0; i < values.length; i++) {
            int c = (i / plane) % C;
            stats[1][c] += Math.pow(values[i] - stats[0][c], 2) / count;
        }
        return stats;
    }
}
