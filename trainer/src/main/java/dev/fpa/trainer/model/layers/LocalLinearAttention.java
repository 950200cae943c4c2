package dev.fpa.trainer.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Lightweight-GAN's LinearAttention (DESIGN.md §6.2), used by its generator and discriminator: a global linear
 * attention branch (GELU'd) and a local branch in which every pixel attends to its 3×3 neighbourhood,
 * concatenated and projected back to the input channels. Official sizes: 8 heads of 64; the fixtures use 4 of 8.
 * Children in official order: to_lin_q, to_lin_kv, to_q, to_kv, to_out.
 */
public final class LocalLinearAttention extends TorchModule {
    /** Side of the local branch's neighbourhood and of the depthwise kernel feeding the linear branch. */
    public static final int NEIGHBOURHOOD = 3;

    private final int heads;
    private final double scale;
    private final TorchConv2d toLinQ;
    private final DepthWiseConv2d toLinKv;
    private final TorchConv2d toQ;
    private final TorchConv2d toKv;
    private final TorchConv2d toOut;

    public LocalLinearAttention(int channels, int heads, int dimHead) {
        this.heads = heads;
        this.scale = 1 / Math.sqrt(dimHead);
        int inner = heads * dimHead;
        this.toLinQ = addChildBlock("to_lin_q", TorchConv2d.builder(channels, inner, 1).noBias().build());
        this.toLinKv = addChildBlock("to_lin_kv",
                new DepthWiseConv2d(channels, 2 * inner, NEIGHBOURHOOD, NEIGHBOURHOOD / 2));
        this.toQ = addChildBlock("to_q", TorchConv2d.builder(channels, inner, 1).noBias().build());
        this.toKv = addChildBlock("to_kv", TorchConv2d.builder(channels, 2 * inner, 1).noBias().build());
        this.toOut = addChildBlock("to_out", TorchConv2d.builder(2 * inner, channels, 1).build());
    }

    public int heads() {
        return heads;
    }

    /** The factor applied to q, d^−½. */
    public double scale() {
        return scale;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String,
            Object> params) {
        return Transients.released(inputs, x -> attend(ps, x, training));
    }

    private NDList attend(ParameterStore ps, NDList inputs, boolean training) {
        Shape image = inputs.head().getShape();
        NDArray linear = AttentionOps.merge(linearBranch(ps, inputs, training), image);
        NDArray local = AttentionOps.merge(localBranch(ps, inputs, training), image);
        NDArray both = Activation.gelu(linear).concat(local, 1);
        return toOut.forward(ps, new NDList(both), training);
    }

    /** Softmax of q over features and of k over positions; (B, heads, d, N). */
    private NDArray linearBranch(ParameterStore ps, NDList inputs, boolean training) {
        NDArray linQ = AttentionOps.byPositions(toLinQ.forward(ps, inputs, training).head(), heads).softmax(2);
        NDArray q = linQ.mul(Scalars.like(linQ, scale));
        NDList kv = toLinKv.forward(ps, inputs, training).head().split(2, 1);
        NDArray k = AttentionOps.byPositions(kv.get(0), heads).softmax(3);
        NDArray v = AttentionOps.byPositions(kv.get(1), heads);
        return AttentionOps.linear(q, k, v);
    }

    /**
     * Softmax over the 3×3 neighbours of each pixel; (B, heads, d, H, W). Neighbours outside the image are zero
     * keys and values and still take part in the softmax with logit 0, as torch's zero-padded unfold gives.
     *
     * <p>Each neighbour's keys and values are a window (a view) of one zero-padded map, and each product is freed as
     * soon as it is reduced or added: the backward holds the two padded maps and nothing per neighbour. Stacking the
     * nine value windows instead held nine maps and took 5× longer at the official sizes; shifting copies of the
     * keys is 15 % faster but holds nine copies of the key map for the backward (300 MB per attention at 16×512×32²).
     */
    private NDArray localBranch(ParameterStore ps, NDList inputs, boolean training) {
        Shape image = inputs.head().getShape();
        long h = image.get(2);
        long w = image.get(3);
        NDArray localQ = AttentionOps.spatial(toQ.forward(ps, inputs, training).head(), heads);
        NDArray q = localQ.mul(Scalars.like(localQ, scale));
        NDList kv = toKv.forward(ps, inputs, training).head().split(2, 1);
        int reach = NEIGHBOURHOOD / 2;
        Shape border = new Shape(reach, reach, reach, reach);
        NDArray k = AttentionOps.spatial(kv.get(0), heads).pad(border, 0);
        NDArray v = AttentionOps.spatial(kv.get(1), heads).pad(border, 0);
        NDList logits = new NDList();
        String[] windows = new String[NEIGHBOURHOOD * NEIGHBOURHOOD];
        for (int n = 0; n < windows.length; n++) {
            long top = n / NEIGHBOURHOOD;
            long left = n % NEIGHBOURHOOD;
            windows[n] = ":, :, :, " + top + ":" + (top + h) + ", " + left + ":" + (left + w);
            try (NDArray window = k.get(windows[n]); NDArray product = q.mul(window)) {
                logits.add(product.sum(new int[] {2}, true));
            }
        }
        // (B, heads, neighbours, H, W); the nine weighted windows are summed one by one, each freed once added
        NDList attention = NDArrays.concat(logits, 2).softmax(2).split(windows.length, 2);
        NDArray out = null;
        for (int i = 0; i < windows.length; i++) {
            try (NDArray window = v.get(windows[i])) {
                NDArray term = attention.get(i).mul(window);
                if (out == null) {
                    out = term;
                } else {
                    NDArray sum = out.add(term);
                    out.close();
                    term.close();
                    out = sum;
                }
            }
        }
        return out;
    }
}
