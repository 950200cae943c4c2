package dev.fpa.trainer.export;

import static dev.fpa.trainer.export.OnnxGraph.attr;
import static dev.fpa.trainer.export.OnnxGraph.ints;

import ai.djl.nn.Block;
import dev.fpa.trainer.model.layers.Blur;
import dev.fpa.trainer.model.lightgan.LightGanGenerator;
import dev.fpa.trainer.model.lightgan.LightGanUpBlock;
import java.util.List;

/**
 * The LightGAN baseline ({@code LightGanGenerator}) and its parts: {@code LightGanUpBlock}, {@code Blur}, GLU and
 * lightweight-GAN's Noise. The noise maps are graph inputs, one per up-block, (N, 1, 2h, 2w): the runtime fills them
 * from a seed, and tests feed the official ones.
 */
final class LightGanEmitter {
    private static final String UP_BLOCK = "0";
    private static final String ATTENTION = "2";
    private static final String[] INITIAL_CONV = {"0", "1"};

    private LightGanEmitter() {
    }

    /** @param noise one noise input per up-block, in order */
    static String emit(OnnxGraph g, LightGanGenerator generator, String z, List<String> noise) {
        int latent = generator.config().latentDim();
        String h = g.op("Reshape", z, g.longs(-1, latent, 1, 1));
        try (OnnxGraph.Scope s = g.scope("initial_conv")) {
            Block initial = BlockWeights.child(generator, "initial_conv");
            for (String name : INITIAL_CONV) {
                h = BlockEmitter.child(g, initial, name, h);
            }
            h = glu(g, h);
        }
        String norm = g.op("ReduceL2", List.of(ints("axes", 1), attr("keepdims", 1)), h);
        h = g.op("Div", h, g.op("Max", norm, g.scalar(LightGanGenerator.NORMALIZE_EPS)));
        Block layers = BlockWeights.child(generator, "layers");
        try (OnnxGraph.Scope s = g.scope("layers")) {
            int k = 0;
            for (String name : BlockWeights.children(layers)) {
                try (OnnxGraph.Scope l = g.scope(name)) {
                    Block layer = BlockWeights.child(layers, name);
                    if (BlockWeights.child(layer, ATTENTION) != null) {
                        h = g.op("Add", h, BlockEmitter.child(g, layer, ATTENTION, h));
                    }
                    try (OnnxGraph.Scope u = g.scope(UP_BLOCK)) {
                        h = upBlock(g, (LightGanUpBlock) BlockWeights.child(layer, UP_BLOCK), h, noise.get(k++));
                    }
                }
            }
        }
        return BlockEmitter.child(g, generator, "out_conv", h);
    }

    /** Upsample ×2 (nearest) → blur "1" → conv "2" → noise "3" → batch norm "4" → GLU. */
    private static String upBlock(OnnxGraph g, LightGanUpBlock block, String x, String noise) {
        float scale = LightGanUpBlock.SCALE;
        String upsampled = g.op("Resize", List.of(attr("mode", "nearest"),
                attr("coordinate_transformation_mode", "asymmetric"), attr("nearest_mode", "floor")),
                x, "", g.weight("upsample_scales", new float[] {1, 1, scale, scale}, 4));
        String blurred;
        try (OnnxGraph.Scope s = g.scope("1")) {
            blurred = blur(g, (Blur) BlockWeights.child(block, "1"), upsampled, inputChannels(block));
        }
        String y = BlockEmitter.child(g, block, "2", blurred);
        try (OnnxGraph.Scope s = g.scope("3")) {
            y = g.op("Add", y, g.op("Mul", noise, BlockWeights.weight(g, BlockWeights.child(block, "3"), "weight")));
        }
        return glu(g, BlockEmitter.child(g, block, "4", y));
    }

    /** Reflect padding, then the normalised [1, 2, 1] kernel on each channel; the identity when inactive. */
    private static String blur(OnnxGraph g, Blur blur, String x, int channels) {
        if (!blur.isActive()) {
            return x;
        }
        float[] taps = BlockWeights.values(blur, "f");
        long pad = taps.length / 2;
        long k = taps.length;
        String kernel = g.weight("kernel", Blur.depthwiseKernel(taps, channels), channels, 1, k, k);
        String padded = g.op("Pad", List.of(attr("mode", "reflect")), x, g.longs(0, 0, pad, pad, 0, 0, pad, pad));
        return g.op("Conv", List.of(ints("kernel_shape", k, k), attr("group", channels)), padded, kernel);
    }

    private static String glu(OnnxGraph g, String x) {
        String[] halves = g.ops("Split", 2, List.of(attr("axis", 1)), x);
        return g.op("Mul", halves[0], g.op("Sigmoid", halves[1]));
    }

    /** The up-block's input channels: the input width of its convolution (Conv2dSame "2", whose conv is "1"). */
    private static int inputChannels(LightGanUpBlock block) {
        Block conv = BlockWeights.child(BlockWeights.child(block, "2"), "1");
        return Math.toIntExact(BlockWeights.shape(conv, "weight")[1]);
    }
}
