package dev.fpa.trainer.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fpa.runtime.image.ImageData;
import dev.fpa.runtime.image.ImageEncoder;
import dev.fpa.runtime.progress.ProgressListener;
import dev.fpa.trainer.checkpoint.Provenance;
import dev.fpa.trainer.data.DatasetLoader;
import dev.fpa.trainer.data.DatasetOptions;
import dev.fpa.trainer.data.PreparedDataset;
import dev.fpa.trainer.model.config.GeneratorConfig;
import dev.fpa.trainer.model.config.OfficialOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A run small enough for the default test suite that still exercises every moving part: a 32×32 grey painter,
 * a slim discriminator with its reconstruction loss, gradient accumulation, the penalty every 2nd step, all
 * augmentations, mirrored data, and an EMA schedule that averages and resets within a few steps.
 */
final class TinyRun {
    static final int IMAGES = 24;
    static final int SIZE = 32;

    private TinyRun() {
    }

    static RunConfig config(int steps) {
        ObjectNode args = GeneratorConfig.small().toJson();
        args.setAll(OfficialOptions.toJson(Map.ofEntries(
                Map.entry("latent_dim", 8), Map.entry("rnn_hidden_size", 16), Map.entry("num_decoding_steps", 4),
                Map.entry("mini_latent_dim", 2), Map.entry("mini_input_size", 8), Map.entry("fmap_max", 8),
                Map.entry("attn_heads", 1), Map.entry("attn_dim_head", 4), Map.entry("batch_size", 3),
                Map.entry("gradient_accumulate_every", 2), Map.entry("gp_every", 2), Map.entry("aug_prob", 0.7),
                Map.entry("aug_types", List.of("cutout", "translation", "color", "offset")),
                Map.entry("dataset_aug_prob", 0.5), Map.entry("ema_start", 1), Map.entry("ema_every", 2),
                Map.entry("ema_reset_every", 4), Map.entry("ema_reset_until", 4), Map.entry("num_train_steps", steps),
                Map.entry("save_every", 2), Map.entry("evaluate_every", 3), Map.entry("num_image_tiles", 2),
                Map.entry("seed", 11))));
        return RunConfig.fromTrainerArgs(args).config();
    }

    /** IMAGES random grey PNG files, prepared as training sees them. */
    static PreparedDataset dataset(Path dir) throws IOException {
        Path images = Files.createDirectories(dir.resolve("images"));
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < IMAGES; i++) {
            byte[] pixels = new byte[SIZE * SIZE];
            for (int p = 0; p < pixels.length; p++) {
                pixels[p] = (byte) random.nextInt(256);
            }
            ImageEncoder.writePng(images.resolve(String.format(Locale.ROOT, "%02d.png", i)),
                    new ImageData(SIZE, SIZE, 1, pixels));
        }
        return DatasetLoader.load(images, new DatasetOptions(SIZE, 1, null, "train", null), ProgressListener.NONE);
    }

    static GanTrainer trainer(TrainingState state, PreparedDataset data, Path dir, List<String> warnings) {
        return new GanTrainer(state, data, dir, Provenance.unknown(), ProgressListener.NONE,
                warnings::add, null);
    }

}
