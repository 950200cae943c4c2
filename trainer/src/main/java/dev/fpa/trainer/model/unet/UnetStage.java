package dev.fpa.trainer.model.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/**
 * How the U-Net variants pass the painter's raw output W_T through the U-Net (DESIGN.md §4.4):
 * tanh first with unet_tanh, and no gradient back into the painter with stop_grad_unet.
 */
public final class UnetStage {
    /** The U-Net's input and output for one batch. */
    public record Refinement(NDArray input, NDArray output) {
    }

    private final Block unet;
    private final boolean tanhInput;
    private final boolean stopGradient;

    public UnetStage(Block unet, boolean tanhInput, boolean stopGradient) {
        this.unet = unet;
        this.tanhInput = tanhInput;
        this.stopGradient = stopGradient;
    }

    /** The real forward pass. */
    public Refinement refine(ParameterStore ps, NDArray painted, boolean training) {
        NDArray input = tanhInput ? painted.tanh() : painted;
        if (stopGradient) {
            input = input.stopGradient();
        }
        return new Refinement(input, apply(ps, input, training));
    }

    /** The U-Net alone on a given input, as the step visualisation calls it. */
    public NDArray apply(ParameterStore ps, NDArray input, boolean training) {
        return unet.forward(ps, new NDList(input), training).singletonOrThrow();
    }
}
