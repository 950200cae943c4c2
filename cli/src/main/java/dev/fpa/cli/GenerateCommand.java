package dev.fpa.cli;

import dev.fpa.runtime.array.NdArray;
import dev.fpa.runtime.array.Npy;
import dev.fpa.runtime.image.ImageEncoder;
import dev.fpa.runtime.image.ImageFileFormat;
import dev.fpa.runtime.image.ImageGrid;
import dev.fpa.runtime.image.ImageTensors;
import dev.fpa.trainer.model.CheckpointGenerator;
import dev.fpa.trainer.model.GeneratorConfig;
import dev.fpa.trainer.train.Checkpoint;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fpa generate}: images from a trained generator. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Generate images with a generator from an fpa checkpoint (DJL engine).",
                "Give at least one output: --grid, --out-dir, --save-npy or --steps-npy."})
final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", required = true, paramLabel = "CKPT",
            description = "An fpa checkpoint (from fpa import or fpa train).")
    Path checkpoint;

    @Option(names = "--use", defaultValue = "ema", paramLabel = "ema|g",
            description = "The EMA generator (GE, what FID uses) or the trained one (G). Default: ${DEFAULT-VALUE}.")
    String use;

    @Mixin
    LatentOptions latents;

    @Option(names = "--grid", paramLabel = "FILE", description = "Write the images as one PNG grid.")
    Path grid;

    @Option(names = "--nrow", defaultValue = "8", description = "Images per grid row (default: ${DEFAULT-VALUE}).")
    int nrow;

    @Option(names = "--out-dir", paramLabel = "DIR", description = "Write each image as its own file (0000.png, ...).")
    Path outDir;

    @Option(names = "--format", defaultValue = "png", paramLabel = "png|jpg",
            description = "File format for --out-dir (default: ${DEFAULT-VALUE}; jpg at quality 75).")
    String format;

    @Option(names = "--save-npy", paramLabel = "FILE",
            description = "Save the generator output (N, C, S, S) float32 before clamping, like the official G_out.")
    Path saveNpy;

    @Option(names = "--steps-npy", paramLabel = "FILE", description = "Save the painting frames (N, F, C, S, S): "
            + "the T normalised rank-1 updates then the T partial images (+1 U-Net column each for U-Net models).")
    Path stepsNpy;

    @Option(names = "--batch-size", defaultValue = "64", paramLabel = "B",
            description = "Latents per forward pass (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (grid == null && outDir == null && saveNpy == null && stepsNpy == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "nothing to write: give --grid, --out-dir, --save-npy or --steps-npy");
        }
        String section = switch (use.toLowerCase(Locale.ROOT)) {
            case "ema" -> Checkpoint.EMA_GENERATOR;
            case "g" -> Checkpoint.GENERATOR;
            default -> throw new CommandLine.ParameterException(spec.commandLine(), "--use must be ema or g");
        };
        ImageFileFormat fileFormat = ImageFileFormat.parse(format);
        if (batchSize < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--batch-size must be at least 1");
        }
        Checkpoint ckpt = Checkpoint.read(checkpoint);
        PrintWriter out = spec.commandLine().getOut();
        try (CheckpointGenerator generator = CheckpointGenerator.load(ckpt, section)) {
            GeneratorConfig c = generator.config();
            LatentOptions.Latents z = latents.resolve(c.latentDim());
            int n = z.count();
            int s = c.imageSize();
            long[] imageShape = {n, c.channels(), s, s};
            if (grid != null || outDir != null || saveNpy != null) {
                long t0 = System.nanoTime();
                float[] images = generator.generate(z.values(), n, batchSize, z.seed());
                double seconds = (System.nanoTime() - t0) / 1e9;
                if (saveNpy != null) {
                    Npy.write(saveNpy, NdArray.of(images, imageShape));
                }
                if (grid != null) {
                    ImageEncoder.writePng(grid, ImageGrid.tile(images, n, c.channels(), s, s, nrow, 2, 0f));
                }
                if (outDir != null) {
                    writeEach(images, n, c.channels(), s, fileFormat);
                }
                out.printf(Locale.ROOT, "generated %d images of %dx%d with %s (%s) in %.2f s%n", n, s, s,
                        c.modelType(), section, seconds);
            }
            if (stepsNpy != null) {
                float[] frames = generator.paintingFrames(z.values(), n, batchSize);
                Npy.write(stepsNpy, NdArray.of(frames, n, generator.frameCount(), c.channels(), s, s));
                out.printf("wrote %d painting frames per image to %s%n", generator.frameCount(), stepsNpy);
            }
        }
        return 0;
    }

    private void writeEach(float[] images, int n, int channels, int s, ImageFileFormat fileFormat) throws Exception {
        Files.createDirectories(outDir);
        int per = channels * s * s;
        for (int i = 0; i < n; i++) {
            Path file = outDir.resolve(String.format(Locale.ROOT, "%04d.%s", i, fileFormat.extension()));
            ImageEncoder.write(file, ImageTensors.fromTensor(images, i * per, channels, s, s));
        }
    }
}
