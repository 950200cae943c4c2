package dev.fpa.trainer.export;

import static dev.fpa.trainer.export.OnnxGraph.attr;
import static dev.fpa.trainer.export.OnnxGraph.ints;

import ai.djl.nn.Block;
import dev.fpa.trainer.model.layers.LocalLinearAttention;
import dev.fpa.trainer.model.unet.UnetAttention;
import dev.fpa.trainer.model.unet.UnetLinearAttention;
import java.util.ArrayList;
import java.util.List;

/**
 * The attention blocks: the U-Net's full ({@code UnetAttention}) and linear ({@code UnetLinearAttention}) ones
 * and lightweight-GAN's {@code LocalLinearAttention}. Heads follow einops' 'b (h c) x y', as {@code AttentionOps}.
 */
final class AttentionEmitter {
    private static final long[] SWAP_LAST_TWO = {0, 1, 3, 2};

    private AttentionEmitter() {
    }

    static String full(OnnxGraph g, UnetAttention attention, String x) {
        int heads = attention.heads();
        String[] qkv = splitQkv(g, attention, x, 3);
        long d = headSize(attention, "to_qkv", 3, heads);
        String q = g.op("Mul", byPositions(g, qkv[0], heads, d), g.scalar(attention.scale()));
        String k = byPositions(g, qkv[1], heads, d);
        String v = byPositions(g, qkv[2], heads, d);
        String weights = g.op("Softmax", List.of(attr("axis", 3)), g.op("MatMul", transposed(g, q), k));
        String out = g.op("MatMul", v, transposed(g, weights));
        return BlockEmitter.child(g, attention, "to_out", merge(g, out, x, heads * d));
    }

    static String linear(OnnxGraph g, UnetLinearAttention attention, String x) {
        int heads = attention.heads();
        String[] qkv = splitQkv(g, attention, x, 3);
        long d = headSize(attention, "to_qkv", 3, heads);
        String q = g.op("Mul", g.op("Softmax", List.of(attr("axis", 2)), byPositions(g, qkv[0], heads, d)),
                g.scalar(attention.scale()));
        String k = g.op("Softmax", List.of(attr("axis", 3)), byPositions(g, qkv[1], heads, d));
        String v = byPositions(g, qkv[2], heads, d);
        return BlockEmitter.child(g, attention, "to_out", merge(g, linearAttention(g, q, k, v), x, heads * d));
    }

    /** The GELU'd global linear branch and the 3×3 local branch, concatenated, then to_out. */
    static String localLinear(OnnxGraph g, LocalLinearAttention attention, String x) {
        int heads = attention.heads();
        long d = BlockWeights.shape(BlockWeights.child(attention, "to_lin_q"), "weight")[0] / heads;
        String q = g.op("Mul", g.op("Softmax", List.of(attr("axis", 2)),
                byPositions(g, BlockEmitter.child(g, attention, "to_lin_q", x), heads, d)),
                        g.scalar(attention.scale()));
        String[] kv = g.ops("Split", 2, List.of(attr("axis", 1)), BlockEmitter.child(g, attention, "to_lin_kv", x));
        String k = g.op("Softmax", List.of(attr("axis", 3)), byPositions(g, kv[0], heads, d));
        String v = byPositions(g, kv[1], heads, d);
        String global = gelu(g, merge(g, linearAttention(g, q, k, v), x, heads * d));
        String local = merge(g, localBranch(g, attention, x, heads, d), x, heads * d);
        return BlockEmitter.child(g, attention, "to_out", g.op("Concat", List.of(attr("axis", 1)), global, local));
    }

    /**
     * Softmax over the 3×3 neighbours of each pixel, (B, heads, d, H, W); neighbours outside the image are zero
     * keys and values that still take part in the softmax, as in {@code LocalLinearAttention}.
     */
    private static String localBranch(OnnxGraph g, LocalLinearAttention attention, String x, int heads, long d) {
        int n = LocalLinearAttention.NEIGHBOURHOOD;
        long pad = n / 2;
        String q = g.op("Mul", spatial(g, BlockEmitter.child(g, attention, "to_q", x), x, heads, d),
                g.scalar(attention.scale()));
        String[] kv = g.ops("Split", 2, List.of(attr("axis", 1)), BlockEmitter.child(g, attention, "to_kv", x));
        String pads = g.longs(0, 0, 0, pad, pad, 0, 0, 0, pad, pad);
        String k = g.op("Pad", spatial(g, kv[0], x, heads, d), pads);
        String v = g.op("Pad", spatial(g, kv[1], x, heads, d), pads);
        List<String> logits = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (long dy = 0; dy < n; dy++) {
            for (long dx = 0; dx < n; dx++) {
                String starts = g.longs(dy, dx);
                // Ends counted from the far edge of the padded map, so they hold for any image side.
                String ends = g.longs(windowEnd(dy, n), windowEnd(dx, n));
                String axes = g.longs(3, 4);
                String window = g.op("Slice", k, starts, ends, axes);
                logits.add(g.op("ReduceSum", List.of(attr("keepdims", 1)), g.op("Mul", q, window), g.longs(2)));
                values.add(g.op("Unsqueeze", g.op("Slice", v, starts, ends, axes), g.longs(2)));
            }
        }
        String weights = g.op("Softmax", List.of(attr("axis", 2)),
                g.op("Concat", List.of(attr("axis", 2)), logits.toArray(String[]::new)));
        String stacked = g.op("Concat", List.of(attr("axis", 2)), values.toArray(String[]::new));
        String weighted = g.op("Mul", g.op("Unsqueeze", weights, g.longs(3)), stacked);
        return g.op("ReduceSum", List.of(attr("keepdims", 0)), weighted, g.longs(2));
    }

    /** End of window {@code offset} along a padded axis, relative to its end; Long.MAX_VALUE for "to the end". */
    private static long windowEnd(long offset, int neighbourhood) {
        long fromEnd = offset - (neighbourhood - 1);
        return fromEnd == 0 ? Long.MAX_VALUE : fromEnd;
    }

    /** GELU with erf, as torch's default. */
    private static String gelu(OnnxGraph g, String x) {
        String erf = g.op("Erf", g.op("Div", x, g.scalar(Math.sqrt(2))));
        return g.op("Mul", g.op("Mul", x, g.scalar(0.5)), g.op("Add", erf, g.scalar(1)));
    }

    /** context[d, e] = Σ_n k[d, n]·v[e, n], out[e, n] = Σ_d context[d, e]·q[d, n]. */
    private static String linearAttention(OnnxGraph g, String q, String k, String v) {
        String context = g.op("MatMul", k, transposed(g, v));
        return g.op("MatMul", transposed(g, context), q);
    }

    private static String[] splitQkv(OnnxGraph g, Block attention, String x, int parts) {
        return g.ops("Split", parts, List.of(attr("axis", 1)), BlockEmitter.child(g, attention, "to_qkv", x));
    }

    private static long headSize(Block attention, String projection, int parts, int heads) {
        return BlockWeights.shape(BlockWeights.child(attention, projection), "weight")[0] / parts / heads;
    }

    private static String transposed(OnnxGraph g, String x) {
        return g.op("Transpose", List.of(ints("perm", SWAP_LAST_TWO)), x);
    }

    /** (B, heads·d, H, W) → (B, heads, d, H·W). */
    private static String byPositions(OnnxGraph g, String t, int heads, long d) {
        return g.op("Reshape", t, g.longs(0, heads, d, -1));
    }

    /** (B, heads·d, H, W) → (B, heads, d, H, W), with H and W those of {@code image}. */
    private static String spatial(OnnxGraph g, String t, String image, int heads, long d) {
        return g.op("Reshape", t, shapeLike(g, image, g.longs(heads, d)));
    }

    /** (B, heads, d, …positions) → (B, channels, H, W) with B, H and W those of {@code image}. */
    private static String merge(OnnxGraph g, String t, String image, long channels) {
        return g.op("Reshape", t, shapeLike(g, image, g.longs(channels)));
    }

    /** The shape of an image (B, C, H, W) with C replaced by {@code middle}. */
    private static String shapeLike(OnnxGraph g, String image, String middle) {
        String batch = g.op("Shape", List.of(attr("start", 0), attr("end", 1)), image);
        String sides = g.op("Shape", List.of(attr("start", 2)), image);
        return g.op("Concat", List.of(attr("axis", 0)), batch, middle, sides);
    }
}
