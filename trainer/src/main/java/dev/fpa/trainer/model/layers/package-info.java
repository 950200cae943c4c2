/**
 * Torch-compatible layers on DJL (linear, convolutions, the emulated transposed convolution, LSTM, norms,
 * attention, blur), their PyTorch initialisation and state-dict names, state-dict loading, and the memory helpers
 * every block uses. Depends on DJL, {@code runtime.array} and {@code model.config}.
 */
package dev.fpa.trainer.model.layers;
