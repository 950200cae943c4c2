/**
 * The U-Net that refines a painter's image, and its blocks. Depends on {@code model.layers}.
 */
package dev.fpa.trainer.model.unet;
