package dev.fpa.trainer.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Shared pieces of the attention blocks. Heads follow einops' 'b (h c) x y': head i owns channels
 * i·d … i·d + d − 1.
 */
public final class AttentionOps {

    private AttentionOps() {
    }

    /** (B, heads·d, H, W) → (B, heads, d, H·W). */
    public static NDArray byPositions(NDArray t, int heads) {
        Shape s = t.getShape();
        return t.reshape(s.get(0), heads, -1, s.get(2) * s.get(3));
    }

    /** (B, heads·d, H, W) → (B, heads, d, H, W). */
    static NDArray spatial(NDArray t, int heads) {
        Shape s = t.getShape();
        return t.reshape(s.get(0), heads, -1, s.get(2), s.get(3));
    }

    /** (B, heads, d, …positions) → (B, heads·d, H, W) for an image of the given shape. */
    public static NDArray merge(NDArray t, Shape image) {
        return t.reshape(image.get(0), -1, image.get(2), image.get(3));
    }

    /**
     * Linear attention on (B, heads, d, N) arrays whose softmaxes are already applied:
     * context[d, e] = Σ_n k[d, n]·v[e, n], out[e, n] = Σ_d context[d, e]·q[d, n].
     */
    public static NDArray linear(NDArray q, NDArray k, NDArray v) {
        NDArray context = k.matMul(v.transpose(0, 1, 3, 2));
        return context.transpose(0, 1, 3, 2).matMul(q);
    }
}
