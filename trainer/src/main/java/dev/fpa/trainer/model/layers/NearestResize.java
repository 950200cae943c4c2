package dev.fpa.trainer.model.layers;

import ai.djl.ndarray.NDArray;

/**
 * torch's F.interpolate in nearest mode (DESIGN.md §2.2: source index ⌊dst · in/out⌋) between square power-of-two
 * sides,
 * the only resizes the discriminator makes: enlarging repeats each pixel, shrinking keeps every k-th from the first.
 */
public final class NearestResize {

    private NearestResize() {
    }

    /** (B, C, S, S) → (B, C, side, side). */
    public static NDArray to(NDArray images, long side) {
        long current = images.getShape().get(2);
        if (side > current) {
            int factor = Math.toIntExact(side / current);
            return images.repeat(2, factor).repeat(3, factor);
        }
        if (side < current) {
            long stride = current / side;
            return images.get(":, :, ::" + stride + ", ::" + stride);
        }
        return images;
    }
}
