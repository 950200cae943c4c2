package dev.fpa.trainer.model.unet;

import dev.fpa.trainer.model.layers.AttentionOps;
import dev.fpa.trainer.model.layers.ChanNorm;
import dev.fpa.trainer.model.layers.Sequential;
import dev.fpa.trainer.model.layers.TorchConv2d;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The U-Net's LinearAttention (DESIGN.md §5): per head, q softmaxed over its features and scaled by d^−½, k softmaxed
 * over positions, out = q·(kᵀv); then {@code to_out} = Sequential(1×1 conv, channel LayerNorm). Child
 * {@code to_qkv} (no bias) yields q, k, v in that order.
 */
public final class UnetLinearAttention extends UnetSelfAttention {
    private final Sequential toOut;

    public UnetLinearAttention(int channels, int heads, int dimHead) {
        super(channels, heads, dimHead);
        this.toOut = addChildBlock("to_out", new Sequential()
                .add(TorchConv2d.builder(heads * dimHead, channels, 1).build())
                .add(new ChanNorm(channels)));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String,
            Object> params) {
        NDList qkv = qkv(ps, inputs, training);
        NDArray q = scaled(qkv.get(0).softmax(2));
        NDArray k = qkv.get(1).softmax(3);
        NDArray out = AttentionOps.linear(q, k, qkv.get(2));
        return toOut.forward(ps, new NDList(AttentionOps.merge(out, inputs.head().getShape())), training);
    }
}
