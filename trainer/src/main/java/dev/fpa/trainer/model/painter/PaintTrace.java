package dev.fpa.trainer.model.painter;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Optional;

/**
 * A generator forward pass with its intermediate values, for inspection and parity tests.
 * Every array belongs to the NDManager of the latents that were passed in.
 *
 * @param slowNet     the slow net's activations
 * @param fastWeights W after each painting step, T arrays of shape (B, C, S, S), before any tanh
 * @param unetInput   U-Net variants: what entered the U-Net (W_T, through tanh with unet_tanh)
 * @param unetOutput  U-Net variants: the U-Net output before the final tanh
 * @param output      the generator output (B, C, S, S), as {@code forward} returns it
 */
public record PaintTrace(
        SlowNetActivations slowNet,
        List<NDArray> fastWeights,
        Optional<NDArray> unetInput,
        Optional<NDArray> unetOutput,
        NDArray output) {

    public PaintTrace {
        fastWeights = List.copyOf(fastWeights);
    }

    /** W_T: the painter's raw final image. */
    public NDArray finalFastWeights() {
        return fastWeights.get(fastWeights.size() - 1);
    }
}
