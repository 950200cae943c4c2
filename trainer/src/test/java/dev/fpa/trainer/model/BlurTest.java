package dev.fpa.trainer.model;

import dev.fpa.trainer.model.layers.Blur;
import dev.fpa.trainer.model.layers.StateDictLoader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class BlurTest {
    private static final int C = 2;
    private static final int H = 4;
    private static final int W = 5;

    /** [1,2,1]ᵀ[1,2,1]/16 per channel; outside pixels mirror inside ones without repeating the edge. */
    @Test
    void blursEachChannelWithReflectPadding() {
        Blur blur = Blur.active();
        try (NDManager manager = NDManager.newBaseManager()) {
            Shape shape = new Shape(1, C, H, W);
            blur.initialize(manager, DataType.FLOAT32, shape);
            NDArray x = manager.randomNormal(shape);
            NDArray y = blur.forward(new ParameterStore(manager, false), new NDList(x), false).head();
            double[] xs = ModelChecks.values(x);
            double[] taps = {1, 2, 1};
            double[] expected = new double[xs.length];
            for (int c = 0; c < C; c++) {
                for (int i = 0; i < H; i++) {
                    for (int j = 0; j < W; j++) {
                        double sum = 0;
                        for (int di = -1; di <= 1; di++) {
                            for (int dj = -1; dj <= 1; dj++) {
                                int r = reflect(i + di, H);
                                int s = reflect(j + dj, W);
                                sum += taps[di + 1] * taps[dj + 1] / 16 * xs[(c * H + r) * W + s];
                            }
                        }
                        expected[(c * H + i) * W + j] = sum;
                    }
                }
            }
            assertArrayEquals(expected, ModelChecks.values(y), 1e-6);
        }
    }

    @Test
    void identityChangesNothingAndHasNoBuffer() {
        Blur blur = Blur.identity();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList x = new NDList(manager.randomNormal(new Shape(1, C, H, W)));
            assertSame(x, blur.forward(new ParameterStore(manager, false), x, false));
        }
        assertTrue(StateDictLoader.namedParameters(blur).isEmpty());
    }

    private static int reflect(int index, int size) {
        if (index < 0) {
            return -index;
        }
        return index >= size ? 2 * (size - 1) - index : index;
    }
}
