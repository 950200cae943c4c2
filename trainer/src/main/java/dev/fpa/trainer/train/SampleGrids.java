package dev.fpa.trainer.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.fpa.runtime.image.ImageEncoder;
import dev.fpa.runtime.image.ImageGrid;
import dev.fpa.trainer.model.config.GeneratorConfig;
import dev.fpa.trainer.model.layers.ImageGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The preview grids of a run, as the official evaluate() writes them: the same fixed latents every time, through G
 * ({@code <step>.png}) and through the moving average GE ({@code <step>-ema.png}), num_image_tiles per row,
 * clamped to [0, 1], torchvision's layout (padding 2, black).
 */
final class SampleGrids {
    private static final int PADDING = 2;
    private static final float PAD_VALUE = 0f;

    private SampleGrids() {
    }

    /** Writes both grids of the state's current step into {@code dir}; returns the GE grid. */
    static Path write(TrainingState state, Path dir) throws IOException {
        String name = String.format(Locale.ROOT, "%07d", state.step());
        write(state, state.generator(), dir.resolve(name + ".png"));
        Path ema = dir.resolve(name + "-ema.png");
        write(state, state.emaGenerator(), ema);
        return ema;
    }

    private static void write(TrainingState state, ImageGenerator generator, Path file) throws IOException {
        GeneratorConfig g = state.config().generator();
        int tiles = state.config().training().numImageTiles();
        int n = tiles * tiles;
        // The base generator's noise layers draw from torch's generator: fix it so that grids compare across steps.
        Engine.getInstance().setRandomSeed((int) state.randomness().sampleSeed());
        float[] images;
        try (NDManager grid = state.manager().newSubManager()) {
            images = render(state, generator, Latents.sample(grid, state.randomness().sampleSeed(), n, g.latentDim()));
        }
        ImageEncoder.writePng(file, ImageGrid.tile(images, n, g.channels(), g.imageSize(), g.imageSize(), tiles,
                PADDING, PAD_VALUE));
    }

    /** The generator's raw images (N, C, S, S) for latents z (N, latent_dim), in training-batch-sized chunks. */
    static float[] render(TrainingState state, ImageGenerator generator, NDArray z) {
        GeneratorConfig g = state.config().generator();
        int n = Math.toIntExact(z.getShape().get(0));
        int batch = state.config().training().batchSize();
        int per = g.channels() * g.imageSize() * g.imageSize();
        float[] images = new float[n * per];
        for (int start = 0; start < n; start += batch) {
            int b = Math.min(batch, n - start);
            try (NDManager m = z.getManager().newSubManager()) {
                NDArray chunk = z.get(start + ":" + (start + b));
                chunk.attach(m);
                NDArray out = generator.forward(new ParameterStore(m, false), new NDList(chunk), false).head();
                System.arraycopy(out.toFloatArray(), 0, images, start * per, b * per);
            }
        }
        return images;
    }
}
