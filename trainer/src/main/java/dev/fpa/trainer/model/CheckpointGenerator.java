package dev.fpa.trainer.model;

import dev.fpa.trainer.model.config.GeneratorConfig;
import dev.fpa.trainer.model.layers.ImageGenerator;
import dev.fpa.trainer.model.layers.StateDictLoader;
import dev.fpa.trainer.model.painter.PainterGenerator;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.fpa.trainer.checkpoint.Checkpoint;

/**
 * A generator loaded from one section of an fpa checkpoint (G or GE), for inference on DJL: images and
 * painting frames for batches of latents, with every intermediate array freed after each batch.
 */
public final class CheckpointGenerator implements AutoCloseable {
    private final NDManager manager;
    private final ImageGenerator generator;

    private CheckpointGenerator(NDManager manager, ImageGenerator generator) {
        this.manager = manager;
        this.generator = generator;
    }

    /** The generator on the CPU. */
    public static CheckpointGenerator load(Checkpoint checkpoint, String section) {
        return load(checkpoint, section, Device.cpu());
    }

    /** @param section {@link Checkpoint#EMA_GENERATOR} or {@link Checkpoint#GENERATOR} */
    public static CheckpointGenerator load(Checkpoint checkpoint, String section, Device device) {
        ImageGenerator generator = GeneratorFactory.create(checkpoint.generatorConfig());
        NDManager manager = NDManager.newBaseManager(device);
        try {
            generator.initialize(manager);
            StateDictLoader.load(generator, checkpoint.section(section), "");
            return new CheckpointGenerator(manager, generator);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * A generator that lives elsewhere (say, a training run's EMA generator), run here with its arrays on a
     * sub-manager of {@code owner}; closing this frees only those.
     */
    public static CheckpointGenerator of(ImageGenerator generator, NDManager owner) {
        return new CheckpointGenerator(owner.newSubManager(), generator);
    }

    /** A freshly initialised generator (official initialisations), e.g. for benchmarks. */
    public static CheckpointGenerator random(GeneratorConfig config) {
        ImageGenerator generator = GeneratorFactory.create(config);
        NDManager manager = NDManager.newBaseManager();
        generator.initialize(manager);
        return new CheckpointGenerator(manager, generator);
    }

    public GeneratorConfig config() {
        return generator.config();
    }

    /** The loaded DJL model, e.g. for the ONNX export; it lives as long as this object. */
    public ImageGenerator generator() {
        return generator;
    }

    /** Whether {@link #paintingFrames} is available (painters yes, the LightGAN baseline no). */
    public boolean paints() {
        return generator instanceof PainterGenerator;
    }

    /**
     * Images (n, C, S, S) before any clamp for row-major latents (n, latent_dim), in batches of {@code batchSize}.
     * {@code noiseSeed} seeds the noise that the LightGAN baseline draws; painters draw none.
     */
    public float[] generate(float[] latents, int n, int batchSize, long noiseSeed) {
        seedNoise(noiseSeed);
        return generate(latents, n, batchSize);
    }

    /** Seeds the engine's stream that the baseline's noise comes from. */
    public void seedNoise(long noiseSeed) {
        Engine.getInstance().setRandomSeed((int) noiseSeed);
    }

    /**
     * Like {@link #generate(float[], int, int, long)}, continuing the noise stream where the last call left it, so
     * that successive calls give what one call for all the latents would give.
     */
    public float[] generate(float[] latents, int n, int batchSize) {
        return inBatches(latents, n, batchSize, imageSize(), (ps, z) ->
                generator.forward(ps, new NDList(z), false).head());
    }

    /** Frames per latent of {@link #paintingFrames}: 2T, plus 2 for U-Net models. */
    public int frameCount() {
        if (!(generator instanceof PainterGenerator painter)) {
            throw new IllegalArgumentException("model type " + config().modelType() + " does not paint step by step");
        }
        return painter.frameCount();
    }

    /** The official step visualisation (DESIGN.md §4.5) for each latent: (n, frames, C, S, S), before any clamp. */
    public float[] paintingFrames(float[] latents, int n, int batchSize) {
        if (!(generator instanceof PainterGenerator painter)) {
            throw new IllegalArgumentException("model type " + config().modelType() + " does not paint step by step");
        }
        return inBatches(latents, n, batchSize, frameCount() * imageSize(), painter::generateSteps);
    }

    private int imageSize() {
        GeneratorConfig c = config();
        return c.channels() * c.imageSize() * c.imageSize();
    }

    private interface BatchFunction {
        NDArray apply(ParameterStore ps, NDArray z);
    }

    private float[] inBatches(float[] latents, int n, int batchSize, int outPerLatent, BatchFunction f) {
        int dim = config().latentDim();
        if (latents.length != (long) n * dim) {
            throw new IllegalArgumentException("expected " + n + " latents of size " + dim + ", got " + latents.length
                    + " values");
        }
        float[] out = new float[Math.multiplyExact(n, outPerLatent)];
        for (int start = 0; start < n; start += batchSize) {
            int b = Math.min(batchSize, n - start);
            try (NDManager step = manager.newSubManager()) {
                float[] chunk = new float[b * dim];
                System.arraycopy(latents, start * dim, chunk, 0, chunk.length);
                NDArray z = step.create(chunk, new Shape(b, dim));
                float[] result = f.apply(new ParameterStore(step, false), z).toFloatArray();
                System.arraycopy(result, 0, out, start * outPerLatent, result.length);
            }
        }
        return out;
    }

    @Override
    public void close() {
        manager.close();
    }
}
