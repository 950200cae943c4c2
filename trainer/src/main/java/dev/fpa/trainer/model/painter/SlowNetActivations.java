package dev.fpa.trainer.model.painter;

import ai.djl.ndarray.NDArray;
import java.util.Optional;

/**
 * What the slow net (everything before the painting loop) computed for a batch of B latents.
 * Names follow the official modules; sequences are time-major as in the official code.
 *
 * @param latentToInit       latent_to_init output (B, 2·layers·H): h0 of every layer, then c0; absent without it
 * @param inputGenerator     v2 only: input_generator output (B, mini_latent·T) before the optional tanh
 * @param perTimeLinearInput v2 only: per_time_linear_input output (B, T, mini_input), before the transpose
 * @param lstmOut            top-layer hidden state of every step (T, B, H)
 * @param lstmFinalHidden    final hidden state of every layer (layers, B, H)
 * @param lstmFinalCell      final cell state of every layer (layers, B, H)
 * @param projections        kvb_net output (T, B, C·(2S+L)), the painting loop's input
 */
public record SlowNetActivations(
        Optional<NDArray> latentToInit,
        Optional<NDArray> inputGenerator,
        Optional<NDArray> perTimeLinearInput,
        NDArray lstmOut,
        NDArray lstmFinalHidden,
        NDArray lstmFinalCell,
        NDArray projections) {
}
