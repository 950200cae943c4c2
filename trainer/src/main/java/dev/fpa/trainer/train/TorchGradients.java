package dev.fpa.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Parameter gradients as torch keeps them, which DJL's API hides: a gradient that was never written is absent (not
 * zeros), and zeroing is in place, NaN included. DJL's own gradient collector no longer zeroes gradients, so the
 * optimizer does it before each accumulation, like torch's {@code zero_grad}.
 */
final class TorchGradients {

    private TorchGradients() {
    }

    /** The parameter's gradient, or null if no backward pass reached it; a new handle the caller must close. */
    static NDArray of(NDArray parameter) {
        return JniUtils.getGradient((PtNDArray) parameter);
    }

    /**
     * Back-propagates a scalar loss inside a gradient collector, keeping the graph when asked (DJL's collector
     * always frees it): parts of a batch that share the augmentation's graph are back-propagated one by one.
     */
    static void backward(NDArray loss, boolean keepGraph) {
        JniUtils.backward((PtNDArray) loss, (PtNDArray) loss.onesLike(), keepGraph, false);
    }

    static void zero(NDArray parameter) {
        JniUtils.zeroGrad((PtNDArray) parameter);
    }
}
