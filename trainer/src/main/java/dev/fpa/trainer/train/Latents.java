package dev.fpa.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.fpa.runtime.latent.LatentSampler;

/** Latent batches for DJL models, drawn by the runtime's sampler so a seed means the same latents everywhere. */
public final class Latents {
    private Latents() {
    }

    /** n latents from one seed's stream, shape (n, dim). */
    public static NDArray sample(NDManager manager, long seed, int n, int dim) {
        return manager.create(LatentSampler.sample(seed, n, dim), new Shape(n, dim));
    }

    /** One latent per seed, shape (seeds, dim). */
    public static NDArray sampleEach(NDManager manager, long[] seeds, int dim) {
        return manager.create(LatentSampler.sampleEach(seeds, dim), new Shape(seeds.length, dim));
    }
}
