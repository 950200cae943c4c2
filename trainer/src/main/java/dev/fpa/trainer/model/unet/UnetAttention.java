package dev.fpa.trainer.model.unet;

import dev.fpa.trainer.model.layers.AttentionOps;
import dev.fpa.trainer.model.layers.TorchConv2d;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The U-Net's full softmax attention over all positions (DESIGN.md §5), used in the middle: q scaled by d^−½,
 * weights softmax(qᵀk) over keys, out = weighted sum of v, then the 1×1 conv {@code to_out}. Child
 * {@code to_qkv} (no bias) yields q, k, v in that order.
 */
public final class UnetAttention extends UnetSelfAttention {
    private final TorchConv2d toOut;

    public UnetAttention(int channels, int heads, int dimHead) {
        super(channels, heads, dimHead);
        this.toOut = addChildBlock("to_out", TorchConv2d.builder(heads * dimHead, channels, 1).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String,
            Object> params) {
        NDList qkv = qkv(ps, inputs, training);
        NDArray q = scaled(qkv.get(0));
        // (B, heads, query, key)
        NDArray weights = q.transpose(0, 1, 3, 2).matMul(qkv.get(1)).softmax(3);
        // (B, heads, d, query)
        NDArray out = qkv.get(2).matMul(weights.transpose(0, 1, 3, 2));
        return toOut.forward(ps, new NDList(AttentionOps.merge(out, inputs.head().getShape())), training);
    }
}
