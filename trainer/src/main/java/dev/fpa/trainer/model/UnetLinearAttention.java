package dev.fpa.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The U-Net's LinearAttention (spec §5): per head, q softmaxed over its features and scaled by d^−½, k softmaxed
 * over positions, out = q·(kᵀv); then {@code to_out} = Sequential(1×1 conv, channel LayerNorm). Child
 * {@code to_qkv} (no bias) yields q, k, v in that order.
 */
public final class UnetLinearAttention extends TorchModule {
    private final int heads;
    private final double scale;
    private final TorchConv2d toQkv;
    private final Sequential toOut;

    public UnetLinearAttention(int channels, int heads, int dimHead) {
        this.heads = heads;
        this.scale = 1 / Math.sqrt(dimHead);
        int hidden = heads * dimHead;
        this.toQkv = addChildBlock("to_qkv", TorchConv2d.builder(channels, 3 * hidden, 1).noBias().build());
        this.toOut = addChildBlock("to_out", new Sequential()
                .add(TorchConv2d.builder(hidden, channels, 1).build())
                .add(new ChanNorm(channels)));
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
        NDArray q = AttentionOps.byPositions(qkv.get(0), heads).softmax(2).mul(scale);
        NDArray k = AttentionOps.byPositions(qkv.get(1), heads).softmax(3);
        NDArray v = AttentionOps.byPositions(qkv.get(2), heads);
        NDArray out = AttentionOps.linear(q, k, v);
        return toOut.forward(ps, new NDList(AttentionOps.merge(out, inputs.head().getShape())), training);
    }
}
