/**
 * The LightGAN baseline generator of lightweight-gan (model_type {@code base}). Depends on {@code model.layers}
 * and {@code model.config}.
 */
package dev.fpa.trainer.model.lightgan;
