package dev.fpa.trainer.model.unet;

import dev.fpa.trainer.model.layers.AttentionOps;
import dev.fpa.trainer.model.layers.Scalars;
import dev.fpa.trainer.model.layers.TorchConv2d;
import dev.fpa.trainer.model.layers.TorchModule;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;

/**
 * What the U-Net's two attentions share: {@code heads} heads of size {@code dimHead}, q, k and v from the 1×1 conv
 * {@code to_qkv} (no bias, registered first as in torch) laid out by positions, and q's factor d^−½.
 */
abstract class UnetSelfAttention extends TorchModule {
    private final int heads;
    private final double scale;
    private final TorchConv2d toQkv;

    UnetSelfAttention(int channels, int heads, int dimHead) {
        this.heads = heads;
        this.scale = 1 / Math.sqrt(dimHead);
        this.toQkv = addChildBlock("to_qkv", TorchConv2d.builder(channels, 3 * heads * dimHead, 1).noBias()
                .build());
    }

    public int heads() {
        return heads;
    }

    /** The factor applied to q, d^−½. */
    public double scale() {
        return scale;
    }

    /** q, k and v, each (B, heads, d, positions). */
    final NDList qkv(ParameterStore ps, NDList inputs, boolean training) {
        NDList qkv = toQkv.forward(ps, inputs, training).head().split(3, 1);
        return new NDList(AttentionOps.byPositions(qkv.get(0), heads), AttentionOps.byPositions(qkv.get(1), heads),
                AttentionOps.byPositions(qkv.get(2), heads));
    }

    /** q times d^−½. */
    final NDArray scaled(NDArray q) {
        return q.mul(Scalars.like(q, scale));
    }
}
