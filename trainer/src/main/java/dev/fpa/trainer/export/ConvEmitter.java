package dev.fpa.trainer.export;

import static dev.fpa.trainer.export.OnnxGraph.attr;
import static dev.fpa.trainer.export.OnnxGraph.ints;

import dev.fpa.trainer.model.layers.Conv2dSame;
import dev.fpa.trainer.model.layers.TorchConv2d;
import dev.fpa.trainer.model.layers.TorchConvTranspose2d;
import java.util.List;
import java.util.ArrayList;

/** The convolutions: {@code TorchConv2d}, {@code TorchConvTranspose2d} and lightweight-GAN's {@code Conv2dSame}. */
final class ConvEmitter {
    private ConvEmitter() {
    }

    static String conv(OnnxGraph g, TorchConv2d conv, String x) {
        long p = conv.padding();
        return conv(g, conv, x, new long[] {p, p, p, p});
    }

    /** The stride-1 convolution (child "1") after asymmetric zero padding, as one Conv with those pads. */
    static String convSame(OnnxGraph g, Conv2dSame same, String x) {
        long before = same.padBefore();
        long after = same.padAfter();
        try (OnnxGraph.Scope s = g.scope("1")) {
            return conv(g, (TorchConv2d) BlockWeights.child(same, "1"), x, new long[] {before, before, after, after});
        }
    }

    static String convTranspose(OnnxGraph g, TorchConvTranspose2d conv, String x) {
        long k = BlockWeights.shape(conv, "weight")[2];
        long s = conv.stride();
        long p = conv.padding();
        return g.op("ConvTranspose", List.of(ints("kernel_shape", k, k), ints("strides", s, s),
                ints("pads", p, p, p, p)), x, BlockWeights.weight(g, conv, "weight"), BlockWeights.weight(g, conv,
                        "bias"));
    }

    /** @param pads top, left, bottom, right */
    private static String conv(OnnxGraph g, TorchConv2d conv, String x, long[] pads) {
        long k = BlockWeights.shape(conv, "weight")[2];
        long s = conv.stride();
        List<String> inputs = new ArrayList<>(List.of(x, BlockWeights.weight(g, conv, "weight")));
        if (BlockWeights.has(conv, "bias")) {
            inputs.add(BlockWeights.weight(g, conv, "bias"));
        }
        return g.op("Conv", List.of(ints("kernel_shape", k, k), ints("strides", s, s), ints("pads", pads),
                attr("group", conv.groups())), inputs.toArray(String[]::new));
    }
}
