package dev.fpa.trainer.model;

import dev.fpa.runtime.generate.ImageSampler;
import dev.fpa.runtime.latent.LatentSampler;
import dev.fpa.trainer.model.config.GeneratorConfig;

/**
 * A DJL generator as an {@link ImageSampler}, in batches of a fixed size. Latents from seeds are drawn as the ONNX
 * painter draws them; the LightGAN baseline's noise comes from the engine's stream, which {@link #fromLatents}
 * seeds and {@link #sample} continues.
 */
public final class DjlSampler implements ImageSampler {
    private final CheckpointGenerator generator;
    private final int batchSize;
    private final String label;

    /** Takes ownership of {@code generator}. */
    public DjlSampler(CheckpointGenerator generator, int batchSize, String label) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("the batch size must be at least 1");
        }
        this.generator = generator;
        this.batchSize = batchSize;
        this.label = label;
    }

    @Override
    public Shape shape() {
        GeneratorConfig c = generator.config();
        return new Shape(c.modelType(), c.latentDim(), c.channels(), c.imageSize(),
                generator.paints() ? generator.frameCount() : 0);
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public float[] sample(long[] seeds) {
        return generator.generate(LatentSampler.sampleEach(seeds, generator.config().latentDim()), seeds.length,
                batchSize);
    }

    @Override
    public LatentBatches fromLatents(long noiseSeed) {
        generator.seedNoise(noiseSeed);
        return (latents, n) -> generator.generate(latents, n, batchSize);
    }

    @Override
    public float[] frames(float[] latents, int n) {
        return generator.paintingFrames(latents, n, batchSize);
    }

    @Override
    public void close() {
        generator.close();
    }
}
