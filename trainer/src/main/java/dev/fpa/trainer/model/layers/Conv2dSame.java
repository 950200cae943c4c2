package dev.fpa.trainer.model.layers;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Lightweight-GAN's Conv2dSame, a Sequential of ZeroPad2d and a stride-1 Conv2d (child "1") that keeps the
 * spatial size: k/2 zeros before, and k/2 − 1 after for even k (k/2 for odd k), so 2 and 1 for k = 4.
 */
public final class Conv2dSame extends TorchModule {
    private final int padBefore;
    private final int padAfter;
    private final TorchConv2d conv;

    public Conv2dSame(int in, int out, int kernel) {
        this.padBefore = kernel / 2;
        this.padAfter = kernel % 2 == 0 ? padBefore - 1 : padBefore;
        this.conv = addChildBlock("1", TorchConv2d.builder(in, out, kernel).build());
    }

    /** Zero rows and columns added before (top, left) and after (bottom, right). */
    public int padBefore() {
        return padBefore;
    }

    public int padAfter() {
        return padAfter;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String,
            Object> params) {
        Shape pads = new Shape(padBefore, padAfter, padBefore, padAfter);
        return conv.forward(ps, new NDList(inputs.head().pad(pads, 0)), training);
    }
}
