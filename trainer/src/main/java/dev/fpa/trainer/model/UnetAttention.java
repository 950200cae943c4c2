package dev.fpa.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The U-Net's full softmax attention over all positions (spec §5), used in the middle: q scaled by d^−½,
 * weights softmax(qᵀk) over keys, out = weighted sum of v, then the 1×1 conv {@code to_out}. Child
 * {@code to_qkv} (no bias) yields q, k, v in that order.
 */
public final class UnetAttention extends TorchModule {
    private final int heads;
    private final double scale;
    private final TorchConv2d toQkv;
    private final TorchConv2d toOut;

    public UnetAttention(int channels, int heads, int dimHead) {
        this.heads = heads;
        this.scale = 1 / Math.sqrt(dimHead);
        int hidden = heads * dimHead;
        this.toQkv = addChildBlock("to_qkv", TorchConv2d.builder(channels, 3 * hidden, 1).noBias().build());
        this.toOut = addChildBlock("to_out", TorchConv2d.builder(hidden, channels, 1).build());
    }

    public int heads() {
        return heads;
    }

    /** The factor applied to q, d^−½. */
    public double scale() {
        return scale;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList qkv = toQkv.forward(ps, inputs, training).head().split(3, 1);
        NDArray q = AttentionOps.byPositions(qkv.get(0), heads).mul(scale);
        NDArray k = AttentionOps.byPositions(qkv.get(1), heads);
        NDArray v = AttentionOps.byPositions(qkv.get(2), heads);
        // (B, heads, query, key)
        NDArray weights = q.transpose(0, 1, 3, 2).matMul(k).softmax(3);
        // (B, heads, d, query)
        NDArray out = v.matMul(weights.transpose(0, 1, 3, 2));
        return toOut.forward(ps, new NDList(AttentionOps.merge(out, inputs.head().getShape())), training);
    }
}
