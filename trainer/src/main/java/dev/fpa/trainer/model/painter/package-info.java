/**
 * The fast weight painters: the LSTM slow net of {@code lstm_delta} and {@code lstm_delta_split_v2}, the delta-
 * rule painting loop, painting traces and frames, and their U-Net variants. Depends on {@code model.layers},
 * {@code model.config} and {@code model.unet}.
 */
package dev.fpa.trainer.model.painter;
