package dev.fpa.trainer.export;

import static dev.fpa.trainer.export.OnnxGraph.attr;

import ai.djl.nn.Block;
import dev.fpa.trainer.model.unet.Unet;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The refinement {@code Unet} (DESIGN.md §5) and its {@code ResnetBlock} and {@code UnetConvBlock}. The levels are read
 * from the U-Net's children: each entry of {@code downs} and {@code ups} holds two ResnetBlocks, the residual
 * attention and, except on the last level, the resampling.
 */
final class UnetEmitter {
    private static final String RESAMPLE = "3";

    private UnetEmitter() {
    }

    /** The U-Net in the scope "u_net", so a second pass (the frames) shares its weights. */
    static String emit(OnnxGraph g, Unet unet, String x) {
        try (OnnxGraph.Scope s = g.scope("u_net")) {
            String h = BlockEmitter.child(g, unet, "init_conv", x);
            String initOut = h;
            Deque<String> skips = new ArrayDeque<>();
            Block downs = BlockWeights.child(unet, "downs");
            try (OnnxGraph.Scope d = g.scope("downs")) {
                for (String level : BlockWeights.children(downs)) {
                    try (OnnxGraph.Scope l = g.scope(level)) {
                        Block stage = BlockWeights.child(downs, level);
                        h = level(g, stage, h);
                        skips.push(h);
                        h = resample(g, stage, h);
                    }
                }
            }
            h = BlockEmitter.child(g, unet, "mid_block1", h);
            h = BlockEmitter.child(g, unet, "mid_attn", h);
            h = BlockEmitter.child(g, unet, "mid_block2", h);
            Block ups = BlockWeights.child(unet, "ups");
            try (OnnxGraph.Scope u = g.scope("ups")) {
                for (String level : BlockWeights.children(ups)) {
                    try (OnnxGraph.Scope l = g.scope(level)) {
                        Block stage = BlockWeights.child(ups, level);
                        h = level(g, stage, g.op("Concat", List.of(attr("axis", 1)), h, skips.pop()));
                        h = resample(g, stage, h);
                    }
                }
            }
            h = BlockEmitter.child(g, unet, "final_res_block", g.op("Concat", List.of(attr("axis", 1)), h, initOut));
            return BlockEmitter.child(g, unet, "final_conv", h);
        }
    }

    /** Two ResnetBlocks and the residual attention of one level. */
    private static String level(OnnxGraph g, Block stage, String x) {
        String h = BlockEmitter.child(g, stage, "0", x);
        h = BlockEmitter.child(g, stage, "1", h);
        return BlockEmitter.child(g, stage, "2", h);
    }

    private static String resample(OnnxGraph g, Block stage, String x) {
        return BlockWeights.child(stage, RESAMPLE) == null ? x : BlockEmitter.child(g, stage, RESAMPLE, x);
    }

    /** block2(block1(x)) + res_conv(x) (or + x when the width does not change). */
    static String resnetBlock(OnnxGraph g, Block block, String x) {
        String h = BlockEmitter.child(g, block, "block2", BlockEmitter.child(g, block, "block1", x));
        String shortcut = BlockWeights.child(block, "res_conv") == null ? x : BlockEmitter.child(g, block, "res_conv",
                x);
        return g.op("Add", h, shortcut);
    }

    /** proj → norm → SiLU. */
    static String convBlock(OnnxGraph g, Block block, String x) {
        String y = BlockEmitter.child(g, block, "norm", BlockEmitter.child(g, block, "proj", x));
        return g.op("Mul", y, g.op("Sigmoid", y));
    }
}
