package dev.fpa.trainer.export;

import dev.fpa.runtime.array.DType;
import dev.fpa.runtime.array.NdArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The BasicConv2d modules of pytorch-fid's Inception state dict, each read as one convolution with its eval-mode
 * BatchNorm folded in: W' = W·γ/√(σ²+ε), b' = β − μ·γ/√(σ²+ε). Folding is what torch's eval BatchNorm computes
 * anyway (a per-channel affine map after the conv), so the graph needs no BatchNormalization node.
 *
 * <p>The exporter asks for every module with the shape the architecture implies. A missing or mis-shaped tensor
 * does not stop the walk: it is recorded, so that a wrong file gets one error naming all the problems
 * ({@link #problems()}); {@code num_batches_tracked} and {@code fc.*} are never asked for, so present or not, they
 * are ignored.
 */
final class InceptionWeights {
    /** torchvision's BasicConv2d: {@code BatchNorm2d(eps=0.001)}. */
    static final double BN_EPS = 0.001;

    /** A convolution with BatchNorm folded in; empty arrays when the module's tensors were unusable. */
    record FoldedConv(float[] weight, float[] bias, long[] shape) {
    }

    private final Map<String, NdArray> stateDict;
    private final List<String> missing = new ArrayList<>();
    private final List<String> misShaped = new ArrayList<>();
    private int asked;

    InceptionWeights(Map<String, NdArray> stateDict) {
        this.stateDict = stateDict;
    }

    /** The module {@code <module>.conv.weight} (out, in, kh, kw) and its {@code <module>.bn.*} vectors. */
    FoldedConv basicConv(String module, int out, int in, int kh, int kw) {
        float[] w = tensor(module + ".conv.weight", out, in, kh, kw);
        float[] gamma = tensor(module + ".bn.weight", out);
        float[] beta = tensor(module + ".bn.bias", out);
        float[] mean = tensor(module + ".bn.running_mean", out);
        float[] var = tensor(module + ".bn.running_var", out);
        long[] shape = {out, in, kh, kw};
        if (w == null || gamma == null || beta == null || mean == null || var == null) {
            return new FoldedConv(new float[0], new float[0], shape);
        }
        int perFilter = in * kh * kw;
        float[] weight = new float[w.length];
        float[] bias = new float[out];
        for (int o = 0; o < out; o++) {
            double scale = gamma[o] / Math.sqrt((double) var[o] + BN_EPS);
            for (int i = 0; i < perFilter; i++) {
                weight[o * perFilter + i] = (float) (w[o * perFilter + i] * scale);
            }
            bias[o] = (float) (beta[o] - mean[o] * scale);
        }
        return new FoldedConv(weight, bias, shape);
    }

    /** Empty when every tensor asked for was present, floating point and of the expected shape. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (!missing.isEmpty()) {
            problems.add(missing.size() + " of " + asked + " required tensors missing (" + sample(missing) + ")");
        }
        if (!misShaped.isEmpty()) {
            problems.add(misShaped.size() + " mis-shaped (" + sample(misShaped) + ")");
        }
        return problems;
    }

    private float[] tensor(String key, long... shape) {
        asked++;
        NdArray t = stateDict.get(key);
        if (t == null) {
            missing.add(key);
            return null;
        }
        if (t.dtype() != DType.FLOAT32 && t.dtype() != DType.FLOAT64) {
            misShaped.add(key + " is " + t.dtype() + ", not float");
            return null;
        }
        if (!Arrays.equals(t.shape(), shape)) {
            misShaped.add(key + " " + Arrays.toString(t.shape()) + " instead of " + Arrays.toString(shape));
            return null;
        }
        return t.toFloatArray();
    }

    /** The first few entries, so that a wholly wrong file still gives a readable one-line error. */
    private static String sample(List<String> entries) {
        int shown = Math.min(3, entries.size());
        String head = String.join(", ", entries.subList(0, shown));
        return entries.size() > shown ? head + ", … and " + (entries.size() - shown) + " more" : head;
    }
}
