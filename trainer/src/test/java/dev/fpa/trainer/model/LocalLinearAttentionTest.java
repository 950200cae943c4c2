package dev.fpa.trainer.model;

import dev.fpa.trainer.model.layers.LocalLinearAttention;
import dev.fpa.trainer.model.layers.StateDictLoader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Lightweight-GAN's attention against a loop-by-loop reading of DESIGN.md §6.2: on a small, non-square image every
 * border pixel has zero-padded neighbours that must enter the local softmax with logit 0.
 */
class LocalLinearAttentionTest {
    private static final int B = 2;
    private static final int C = 3;
    private static final int H = 5;
    private static final int W = 4;
    private static final int HEADS = 2;
    private static final int D = 3;
    private static final int INNER = HEADS * D;
    private static final double TOLERANCE = 1e-5;

    @Test
    void matchesTheDefinition() {
        LocalLinearAttention attention = new LocalLinearAttention(C, HEADS, D);
        try (NDManager manager = NDManager.newBaseManager()) {
            Shape shape = new Shape(B, C, H, W);
            attention.initialize(manager, DataType.FLOAT32, shape);
            NDArray x = manager.randomNormal(shape);
            NDArray y = attention.forward(new ParameterStore(manager, false), new NDList(x), false).head();
            double[] expected = reference(ModelChecks.values(x), StateDictLoader.namedParameters(attention));
            assertArrayEquals(expected, ModelChecks.values(y), TOLERANCE);
        }
    }

    private static double[] reference(double[] x, Map<String, Parameter> p) {
        double[][][][] in = image(x, C);
        double[][][][] linQ = pointwise(p.get("to_lin_q.weight"), in);
        double[][][][] linKv = pointwise(p.get("to_lin_kv.net.1.weight"), depthwise(p.get("to_lin_kv.net.0.weight"),
                in));
        double[][][][] q = pointwise(p.get("to_q.weight"), in);
        double[][][][] kv = pointwise(p.get("to_kv.weight"), in);
        double scale = 1 / Math.sqrt(D);
        double[][][][] both = new double[B][2 * INNER][H][W];
        for (int b = 0; b < B; b++) {
            for (int h = 0; h < HEADS; h++) {
                linearHead(linQ[b], linKv[b], h, scale, both[b]);
                localHead(q[b], kv[b], h, scale, both[b]);
            }
        }
        double[][][][] out = pointwise(p.get("to_out.weight"), both);
        double[] bias = ModelChecks.values(p.get("to_out.bias").getArray());
        double[] flat = new double[B * C * H * W];
        for (int b = 0; b < B; b++) {
            for (int c = 0; c < C; c++) {
                for (int i = 0; i < H; i++) {
                    for (int j = 0; j < W; j++) {
                        flat[((b * C + c) * H + i) * W + j] = out[b][c][i][j] + bias[c];
                    }
                }
            }
        }
        return flat;
    }

    /** GELU(q·(kᵀv)) with q softmaxed over features and k over positions, into channels h·D … of {@code out}. */
    private static void linearHead(double[][][] linQ, double[][][] linKv, int h, double scale, double[][][] out) {
        int n = H * W;
        double[][] q = new double[n][D];
        double[][] k = new double[n][D];
        double[][] v = new double[n][D];
        for (int pos = 0; pos < n; pos++) {
            for (int d = 0; d < D; d++) {
                q[pos][d] = linQ[h * D + d][pos / W][pos % W];
                k[pos][d] = linKv[h * D + d][pos / W][pos % W];
                v[pos][d] = linKv[INNER + h * D + d][pos / W][pos % W];
            }
            softmax(q[pos]);
        }
        for (int d = 0; d < D; d++) {
            double[] column = new double[n];
            for (int pos = 0; pos < n; pos++) {
                column[pos] = k[pos][d];
            }
            softmax(column);
            for (int pos = 0; pos < n; pos++) {
                k[pos][d] = column[pos];
            }
        }
        for (int pos = 0; pos < n; pos++) {
            for (int e = 0; e < D; e++) {
                double sum = 0;
                for (int d = 0; d < D; d++) {
                    double context = 0;
                    for (int m = 0; m < n; m++) {
                        context += k[m][d] * v[m][e];
                    }
                    sum += q[pos][d] * scale * context;
                }
                out[h * D + e][pos / W][pos % W] = gelu(sum);
            }
        }
    }

    /**
     * Softmax attention over the 3×3 neighbourhood, outside pixels as zero keys/values, into channels INNER + h·D ….
     */
    private static void localHead(double[][][] q, double[][][] kv, int h, double scale, double[][][] out) {
        for (int i = 0; i < H; i++) {
            for (int j = 0; j < W; j++) {
                double[] logits = new double[9];
                double[][] values = new double[9][D];
                for (int nb = 0; nb < 9; nb++) {
                    int r = i + nb / 3 - 1;
                    int s = j + nb % 3 - 1;
                    boolean inside = r >= 0 && r < H && s >= 0 && s < W;
                    for (int d = 0; d < D; d++) {
                        double key = inside ? kv[h * D + d][r][s] : 0;
                        values[nb][d] = inside ? kv[INNER + h * D + d][r][s] : 0;
                        logits[nb] += q[h * D + d][i][j] * scale * key;
                    }
                }
                softmax(logits);
                for (int d = 0; d < D; d++) {
                    double sum = 0;
                    for (int nb = 0; nb < 9; nb++) {
                        sum += logits[nb] * values[nb][d];
                    }
                    out[INNER + h * D + d][i][j] = sum;
                }
            }
        }
    }

    private static double[][][][] image(double[] flat, int channels) {
        double[][][][] t = new double[B][channels][H][W];
        for (int i = 0; i < flat.length; i++) {
            t[i / (channels * H * W)][(i / (H * W)) % channels][(i / W) % H][i % W] = flat[i];
        }
        return t;
    }

    /** A 1×1 convolution without bias; weight (out, in, 1, 1). */
    private static double[][][][] pointwise(Parameter weight, double[][][][] in) {
        double[] w = ModelChecks.values(weight.getArray());
        int outChannels = Math.toIntExact(weight.getShape().get(0));
        int inChannels = in[0].length;
        double[][][][] out = new double[B][outChannels][H][W];
        for (int b = 0; b < B; b++) {
            for (int o = 0; o < outChannels; o++) {
                for (int c = 0; c < inChannels; c++) {
                    for (int i = 0; i < H; i++) {
                        for (int j = 0; j < W; j++) {
                            out[b][o][i][j] += w[o * inChannels + c] * in[b][c][i][j];
                        }
                    }
                }
            }
        }
        return out;
    }

    /** A per-channel 3×3 convolution with zero padding 1; weight (C, 1, 3, 3). */
    private static double[][][][] depthwise(Parameter weight, double[][][][] in) {
        double[] w = ModelChecks.values(weight.getArray());
        double[][][][] out = new double[B][C][H][W];
        for (int b = 0; b < B; b++) {
            for (int c = 0; c < C; c++) {
                for (int i = 0; i < H; i++) {
                    for (int j = 0; j < W; j++) {
                        for (int ki = 0; ki < 3; ki++) {
                            for (int kj = 0; kj < 3; kj++) {
                                int r = i + ki - 1;
                                int s = j + kj - 1;
                                if (r >= 0 && r < H && s >= 0 && s < W) {
                                    out[b][c][i][j] += w[(c * 3 + ki) * 3 + kj] * in[b][c][r][s];
                                }
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    private static void softmax(double[] v) {
        double max = Double.NEGATIVE_INFINITY;
        for (double a : v) {
            max = Math.max(max, a);
        }
        double sum = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.exp(v[i] - max);
            sum += v[i];
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= sum;
        }
    }

    /** Exact GELU, x·Φ(x), with erf from Abramowitz–Stegun 7.1.26 (error below 1.5e-7). */
    private static double gelu(double x) {
        double z = Math.abs(x) / Math.sqrt(2);
        double t = 1 / (1 + 0.3275911 * z);
        double poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
        double erf = Math.signum(x) * (1 - poly * Math.exp(-z * z));
        return 0.5 * x * (1 + erf);
    }
}
