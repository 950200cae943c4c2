package dev.fpa.trainer.model.painter;


import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The painting loop against DESIGN.md §3 written as plain loops in double precision. */
class DeltaRulePainterTest {
    private static final int CHANNELS = 2;
    private static final int SIZE = 5;
    private static final int STEPS = 4;
    private static final int BATCH = 3;
    private static final long SEED = 7;

    @ParameterizedTest(name = "vectLr={0} softmax={1} tanhValues={2} sigmoid={3} start={4}")
    @CsvSource({
        "false, true,  false, true,  false",
        "true,  true,  false, true,  false",
        "false, false, true,  false, false",
        "true,  false, true,  true,  true",
        "false, true,  false, true,  true"})
    void paintsLikeTheSpec(boolean vectLr, boolean softmax, boolean tanhValues, boolean sigmoid, boolean withStart) {
        int lrDim = vectLr ? SIZE : 1;
        DeltaRulePainter painter = new DeltaRulePainter(CHANNELS, SIZE, lrDim, softmax, tanhValues, sigmoid);
        try (NDManager manager = NDManager.newBaseManager()) {
            Random random = new Random(SEED);
            NDArray projections = gaussian(manager, random, new Shape(STEPS, BATCH, painter.projectionSize()));
            NDArray start = withStart ? gaussian(manager, random, new Shape(BATCH, CHANNELS, SIZE, SIZE)) : null;
            List<float[]> observed = new ArrayList<>();
            NDArray painted = painter.paint(projections, start, (t, update,
                    weights) -> observed.add(weights.toFloatArray()));

            double[][][][] expected = reference(projections.toFloatArray(), start == null ? null : start.toFloatArray(),
                    lrDim, softmax, tanhValues, sigmoid);
            assertEquals(STEPS, observed.size());
            assertClose(expected[STEPS - 1], painted.toFloatArray());
            for (int t = 0; t < STEPS; t++) {
                assertClose(expected[t], observed.get(t));
            }
        }
    }

    /** W after every step, [t][b·C + c][row][column]. */
    private static double[][][][] reference(float[] p, float[] start, int lrDim, boolean softmax, boolean tanhValues,
            boolean sigmoid) {
        int width = CHANNELS * (2 * SIZE + lrDim);
        double[][][][] history = new double[STEPS][BATCH * CHANNELS][SIZE][SIZE];
        double[][][] w = new double[BATCH * CHANNELS][SIZE][SIZE];
        for (int m = 0; start != null && m < BATCH * CHANNELS; m++) {
            for (int r = 0; r < SIZE; r++) {
                for (int s = 0; s < SIZE; s++) {
                    w[m][r][s] = start[(m * SIZE + r) * SIZE + s];
                }
            }
        }
        for (int t = 0; t < STEPS; t++) {
            for (int b = 0; b < BATCH; b++) {
                int row = (t * BATCH + b) * width;
                for (int c = 0; c < CHANNELS; c++) {
                    double[] k = new double[SIZE];
                    double[] v = new double[SIZE];
                    double[] eta = new double[SIZE];
                    for (int i = 0; i < SIZE; i++) {
                        k[i] = p[row + c * SIZE + i];
                        v[i] = p[row + CHANNELS * SIZE + c * SIZE + i];
                        v[i] = tanhValues ? Math.tanh(v[i]) : v[i];
                        double beta = p[row + 2 * CHANNELS * SIZE + c * lrDim + (lrDim == 1 ? 0 : i)];
                        eta[i] = sigmoid ? 1 / (1 + Math.exp(-beta)) : beta;
                    }
                    if (softmax) {
                        double sum = 0;
                        for (int i = 0; i < SIZE; i++) {
                            k[i] = Math.exp(k[i]);
                            sum += k[i];
                        }
                        for (int i = 0; i < SIZE; i++) {
                            k[i] /= sum;
                        }
                    }
                    double[][] wm = w[b * CHANNELS + c];
                    boolean firstWithoutStart = t == 0 && start == null;
                    double[] u = new double[SIZE];
                    for (int r = 0; r < SIZE; r++) {
                        double recalled = 0;
                        for (int s = 0; s < SIZE; s++) {
                            recalled += wm[r][s] * k[s];
                        }
                        u[r] = firstWithoutStart ? v[r] : eta[r] * (v[r] - recalled);
                    }
                    for (int r = 0; r < SIZE; r++) {
                        for (int s = 0; s < SIZE; s++) {
                            wm[r][s] += u[r] * k[s];
                        }
                    }
                }
            }
            for (int m = 0; m < BATCH * CHANNELS; m++) {
                for (int r = 0; r < SIZE; r++) {
                    history[t][m][r] = w[m][r].clone();
                }
            }
        }
        return history;
    }

    private static NDArray gaussian(NDManager manager, Random random, Shape shape) {
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return manager.create(values, shape);
    }

    /** Float32 against double: raw learning rates let W grow well beyond 1, so the bound is relative. */
    private static void assertClose(double[][][] expected, float[] actual) {
        int i = 0;
        for (double[][] matrix : expected) {
            for (double[] row : matrix) {
                for (double value : row) {
                    assertEquals(value, actual[i++], 1e-5 * Math.max(1, Math.abs(value)));
                }
            }
        }
    }
}
