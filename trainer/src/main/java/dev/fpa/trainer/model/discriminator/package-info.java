/**
 * The lightweight-GAN discriminator with its 32x32 head and the reconstruction decoder of its auxiliary loss.
 * Depends on {@code model.layers} and {@code model.config}.
 */
package dev.fpa.trainer.model.discriminator;
