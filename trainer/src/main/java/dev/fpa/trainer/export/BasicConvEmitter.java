package dev.fpa.trainer.export;

import static dev.fpa.trainer.export.OnnxGraph.attr;
import static dev.fpa.trainer.export.OnnxGraph.ints;

import java.util.List;

/**
 * torchvision's Inception {@code BasicConv2d} (conv without bias → eval BatchNorm → ReLU) as Conv with the
 * BatchNorm folded into weight and bias ({@link InceptionWeights}), then Relu. Nodes and weights are named after
 * the module, e.g. "Mixed_5b.branch1x1.weight".
 */
final class BasicConvEmitter {
    private BasicConvEmitter() {
    }

    /** Stride 1, padded to keep the size: (kh−1)/2 rows and (kw−1)/2 columns, as every such Inception conv is. */
    static String same(OnnxGraph g, InceptionWeights w, String module, String x, int in, int out, int kh, int kw) {
        return conv(g, w, module, x, in, out, kh, kw, 1, (kh - 1) / 2, (kw - 1) / 2);
    }

    /** A square kernel without padding, e.g. the stem's 3×3 convs and the stride-2 reductions. */
    static String valid(OnnxGraph g, InceptionWeights w, String module, String x, int in, int out, int k,
                        int stride) {
        return conv(g, w, module, x, in, out, k, k, stride, 0, 0);
    }

    private static String conv(OnnxGraph g, InceptionWeights w, String module, String x, int in, int out, int kh,
                               int kw, int stride, int padH, int padW) {
        InceptionWeights.FoldedConv folded = w.basicConv(module, out, in, kh, kw);
        try (OnnxGraph.Scope s = g.scope(module)) {
            String weight = g.weight("weight", folded.weight(), folded.shape());
            String bias = g.weight("bias", folded.bias(), out);
            String y = g.op("Conv", List.of(ints("kernel_shape", kh, kw), ints("strides", stride, stride),
                    ints("pads", padH, padW, padH, padW), attr("group", 1)), x, weight, bias);
            return g.op("Relu", y);
        }
    }
}
