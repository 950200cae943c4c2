package dev.fpa.trainer.export;

import static dev.fpa.trainer.export.BasicConvEmitter.same;
import static dev.fpa.trainer.export.BasicConvEmitter.valid;
import static dev.fpa.trainer.export.OnnxGraph.attr;
import static dev.fpa.trainer.export.OnnxGraph.ints;

import java.util.List;

/**
 * The mixed blocks of pytorch-fid's FID-Inception-v3, branch by branch in the order torch concatenates them.
 * Where they differ from torchvision's InceptionA/C/E (TensorFlow's graph, which the FID weights come from):
 * the branch_pool average ignores the zero padding ({@code count_include_pad=False}), and the last block
 * (FIDInceptionE_2) max-pools there instead. B and D are torchvision's unchanged.
 */
final class InceptionBlockEmitter {
    private InceptionBlockEmitter() {
    }

    /** FIDInceptionA (Mixed_5b/c/d): 64 + 64 + 96 + poolFeatures channels, size kept. */
    static String a(OnnxGraph g, InceptionWeights w, String block, String x, int in, int poolFeatures) {
        String b1 = same(g, w, block + ".branch1x1", x, in, 64, 1, 1);
        String b5 = same(g, w, block + ".branch5x5_1", x, in, 48, 1, 1);
        b5 = same(g, w, block + ".branch5x5_2", b5, 48, 64, 5, 5);
        String b3 = same(g, w, block + ".branch3x3dbl_1", x, in, 64, 1, 1);
        b3 = same(g, w, block + ".branch3x3dbl_2", b3, 64, 96, 3, 3);
        b3 = same(g, w, block + ".branch3x3dbl_3", b3, 96, 96, 3, 3);
        String pool = same(g, w, block + ".branch_pool", averageIgnoringPadding(g, block, x), in, poolFeatures, 1, 1);
        return concat(g, block, b1, b5, b3, pool);
    }

    /** InceptionB (Mixed_6a): 384 + 96 + in channels, size (s−3)/2+1. */
    static String b(OnnxGraph g, InceptionWeights w, String block, String x, int in) {
        String b3 = valid(g, w, block + ".branch3x3", x, in, 384, 3, 2);
        String dbl = same(g, w, block + ".branch3x3dbl_1", x, in, 64, 1, 1);
        dbl = same(g, w, block + ".branch3x3dbl_2", dbl, 64, 96, 3, 3);
        dbl = valid(g, w, block + ".branch3x3dbl_3", dbl, 96, 96, 3, 2);
        return concat(g, block, b3, dbl, maxPool(g, block, x, 2, 0));
    }

    /** FIDInceptionC (Mixed_6b–e): 4 × 192 channels through factorised 7×7 convs of width c7. */
    static String c(OnnxGraph g, InceptionWeights w, String block, String x, int in, int c7) {
        String b1 = same(g, w, block + ".branch1x1", x, in, 192, 1, 1);
        String b7 = same(g, w, block + ".branch7x7_1", x, in, c7, 1, 1);
        b7 = same(g, w, block + ".branch7x7_2", b7, c7, c7, 1, 7);
        b7 = same(g, w, block + ".branch7x7_3", b7, c7, 192, 7, 1);
        String dbl = same(g, w, block + ".branch7x7dbl_1", x, in, c7, 1, 1);
        dbl = same(g, w, block + ".branch7x7dbl_2", dbl, c7, c7, 7, 1);
        dbl = same(g, w, block + ".branch7x7dbl_3", dbl, c7, c7, 1, 7);
        dbl = same(g, w, block + ".branch7x7dbl_4", dbl, c7, c7, 7, 1);
        dbl = same(g, w, block + ".branch7x7dbl_5", dbl, c7, 192, 1, 7);
        String pool = same(g, w, block + ".branch_pool", averageIgnoringPadding(g, block, x), in, 192, 1, 1);
        return concat(g, block, b1, b7, dbl, pool);
    }

    /** InceptionD (Mixed_7a): 320 + 192 + in channels, size (s−3)/2+1. */
    static String d(OnnxGraph g, InceptionWeights w, String block, String x, int in) {
        String b3 = same(g, w, block + ".branch3x3_1", x, in, 192, 1, 1);
        b3 = valid(g, w, block + ".branch3x3_2", b3, 192, 320, 3, 2);
        String b7 = same(g, w, block + ".branch7x7x3_1", x, in, 192, 1, 1);
        b7 = same(g, w, block + ".branch7x7x3_2", b7, 192, 192, 1, 7);
        b7 = same(g, w, block + ".branch7x7x3_3", b7, 192, 192, 7, 1);
        b7 = valid(g, w, block + ".branch7x7x3_4", b7, 192, 192, 3, 2);
        return concat(g, block, b3, b7, maxPool(g, block, x, 2, 0));
    }

    /**
     * FIDInceptionE_1 (Mixed_7b, {@code maxPool} false) and FIDInceptionE_2 (Mixed_7c, true): 320 + 2·384 + 2·384
     * + 192 = 2048 channels; the 1×3 and 3×1 convs of each split branch both read the branch's shared input.
     */
    static String e(OnnxGraph g, InceptionWeights w, String block, String x, int in, boolean maxPool) {
        String b1 = same(g, w, block + ".branch1x1", x, in, 320, 1, 1);
        String b3 = same(g, w, block + ".branch3x3_1", x, in, 384, 1, 1);
        String b3a = same(g, w, block + ".branch3x3_2a", b3, 384, 384, 1, 3);
        String b3b = same(g, w, block + ".branch3x3_2b", b3, 384, 384, 3, 1);
        String dbl = same(g, w, block + ".branch3x3dbl_1", x, in, 448, 1, 1);
        dbl = same(g, w, block + ".branch3x3dbl_2", dbl, 448, 384, 3, 3);
        String dblA = same(g, w, block + ".branch3x3dbl_3a", dbl, 384, 384, 1, 3);
        String dblB = same(g, w, block + ".branch3x3dbl_3b", dbl, 384, 384, 3, 1);
        String pooled = maxPool ? maxPool(g, block, x, 1, 1) : averageIgnoringPadding(g, block, x);
        String pool = same(g, w, block + ".branch_pool", pooled, in, 192, 1, 1);
        // Concatenating the six maps at once gives the same order as torch's nested cat of [1x1, 3x3, dbl, pool].
        return concat(g, block, b1, b3a, b3b, dblA, dblB, pool);
    }

    /** 3×3, stride 1, padding 1, dividing by the real pixels only (4 at corners, 6 on edges): TensorFlow's SAME. */
    private static String averageIgnoringPadding(OnnxGraph g, String block, String x) {
        try (OnnxGraph.Scope s = g.scope(block + ".branch_pool")) {
            return g.op("AveragePool", List.of(ints("kernel_shape", 3, 3), ints("strides", 1, 1),
                    ints("pads", 1, 1, 1, 1), attr("count_include_pad", 0)), x);
        }
    }

    /** 3×3 max-pool; ONNX ignores padded cells in a max, as torch's −∞ padding does. */
    private static String maxPool(OnnxGraph g, String block, String x, int stride, int pad) {
        try (OnnxGraph.Scope s = g.scope(block + ".branch_pool")) {
            return g.op("MaxPool", List.of(ints("kernel_shape", 3, 3), ints("strides", stride, stride),
                    ints("pads", pad, pad, pad, pad)), x);
        }
    }

    private static String concat(OnnxGraph g, String block, String... branches) {
        try (OnnxGraph.Scope s = g.scope(block)) {
            return g.op("Concat", List.of(attr("axis", 1)), branches);
        }
    }
}
