package dev.fpa.runtime.generate;

import java.io.IOException;

/**
 * Anything that turns seeds or latents into images: the ONNX {@link Painter} here, and the trainer's DJL generator.
 * Commands, metrics and benchmarks are written against this, so that both engines serve them alike.
 */
public interface ImageSampler extends AutoCloseable {
    /** What a sampler makes: images (channels, size, size) from latents of {@code latentDim}; frames 0 if none. */
    record Shape(String modelType, int latentDim, int channels, int imageSize, int frames) {
        /** Values of one image. */
        public int imageValues() {
            return channels * imageSize * imageSize;
        }
    }

    /** Row-major latents (n, latent_dim) to raw images (n, C, S, S), noise continuing from call to call. */
    @FunctionalInterface
    interface LatentBatches {
        float[] raw(float[] latents, int n);
    }

    Shape shape();

    /** The model and engine in words, e.g. for a summary line. */
    String label();

    /** One raw image (before any clamp) per seed, latent and noise from that seed alone. */
    float[] sample(long[] seeds);

    /**
     * A source of raw images for given latents whose noise (for models that take any) is drawn from a stream that
     * {@code noiseSeed} starts; successive batches give what one call for all the latents would give.
     */
    LatentBatches fromLatents(long noiseSeed);

    /** The painting frames (n, frames, C, S, S) of row-major latents, raw. */
    float[] frames(float[] latents, int n);

    @Override
    void close() throws IOException;
}
