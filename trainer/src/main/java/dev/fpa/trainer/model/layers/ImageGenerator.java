package dev.fpa.trainer.model.layers;

import dev.fpa.trainer.model.config.GeneratorConfig;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Any generator fpa trains or runs: latents z (B, latent_dim) in, images (B, C, S, S) out, before any clamp.
 * Built from a {@link GeneratorConfig} by {@code model.GeneratorFactory}.
 */
public abstract class ImageGenerator extends TorchModule {
    protected final GeneratorConfig config;

    protected ImageGenerator(GeneratorConfig config) {
        this.config = config;
    }

    public GeneratorConfig config() {
        return config;
    }

    /** Allocates and randomly initialises every parameter with the official initialisations. */
    public void initialize(NDManager manager) {
        initialize(manager, DataType.FLOAT32, new Shape(1, config.latentDim()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        int size = config.imageSize();
        return new Shape[] {new Shape(inputShapes[0].get(0), config.channels(), size, size)};
    }

    /** Number of scalar parameters and buffers (known from construction on). */
    public long parameterCount() {
        return StateDictLoader.namedParameters(this).values().stream().mapToLong(p -> p.getShape().size()).sum();
    }
}
