package dev.fpa.trainer.model;

import dev.fpa.trainer.model.layers.StateDictLoader;
import dev.fpa.trainer.model.layers.TorchConvTranspose2d;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import ai.djl.nn.Parameter;

/** The emulated transposed convolution against the definition: each input pixel scatters weight·value. */
class TorchConvTranspose2dTest {
    private static final double TOLERANCE = 1e-5;

    @ParameterizedTest(name = "in {0}, out {1}, k {2}, stride {3}, pad {4}, input {5}x{6}")
    @CsvSource({
        "3, 2, 4, 2, 1, 5, 4", // the U-Net's Up
        "4, 6, 4, 1, 0, 1, 1", // the LightGAN's initial 1×1 → 4×4
        "2, 3, 3, 2, 0, 3, 2",
        "2, 2, 5, 3, 1, 2, 3"})
    void matchesTheDefinition(int in, int out, int k, int stride, int pad, int h, int w) {
        TorchConvTranspose2d conv = new TorchConvTranspose2d(in, out, k, stride, pad);
        int batch = 2;
        try (NDManager manager = NDManager.newBaseManager()) {
            Shape inputShape = new Shape(batch, in, h, w);
            conv.initialize(manager, DataType.FLOAT32, inputShape);
            NDArray x = manager.randomNormal(inputShape);
            NDArray y = conv.forward(new ParameterStore(manager, false), new NDList(x), false).head();

            Map<String, Parameter> p = StateDictLoader.namedParameters(conv);
            float[] weight = p.get("weight").getArray().toFloatArray();
            float[] bias = p.get("bias").getArray().toFloatArray();
            int outH = (h - 1) * stride - 2 * pad + k;
            int outW = (w - 1) * stride - 2 * pad + k;
            double[] expected = new double[batch * out * outH * outW];
            float[] xs = x.toFloatArray();
            for (int b = 0; b < batch; b++) {
                for (int o = 0; o < out; o++) {
                    for (int i = 0; i < outH * outW; i++) {
                        expected[(b * out + o) * outH * outW + i] = bias[o];
                    }
                    for (int c = 0; c < in; c++) {
                        for (int r = 0; r < h; r++) {
                            for (int s = 0; s < w; s++) {
                                double v = xs[((b * in + c) * h + r) * w + s];
                                for (int ki = 0; ki < k; ki++) {
                                    for (int kj = 0; kj < k; kj++) {
                                        int oi = r * stride - pad + ki;
                                        int oj = s * stride - pad + kj;
                                        if (oi >= 0 && oi < outH && oj >= 0 && oj < outW) {
                                            expected[((b * out + o) * outH + oi) * outW + oj] +=
                                                    v * weight[((c * out + o) * k + ki) * k + kj];
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            assertEquals(new Shape(batch, out, outH, outW), y.getShape());
            assertArrayEquals(expected, ModelChecks.values(y), TOLERANCE);
        }
    }
}
