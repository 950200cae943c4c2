package dev.fpa.cli;

import dev.fpa.runtime.array.NdArray;
import dev.fpa.runtime.array.Npy;
import dev.fpa.runtime.generate.ModelDescription;
import dev.fpa.runtime.generate.Painter;
import dev.fpa.runtime.image.ImageEncoder;
import dev.fpa.runtime.image.ImageFileFormat;
import dev.fpa.runtime.image.ImageGrid;
import dev.fpa.runtime.image.ImageTensors;
import dev.fpa.runtime.latent.LatentSampler;
import dev.fpa.trainer.model.CheckpointGenerator;
import dev.fpa.trainer.model.config.GeneratorConfig;
import dev.fpa.trainer.checkpoint.Checkpoint;
import java.io.Closeable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.LongFunction;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fpa generate}: images from a trained generator, on DJL (a checkpoint) or ONNX Runtime (an exported model). */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Generate images with a generator: an fpa checkpoint on DJL (--checkpoint) or a model from "
                + "'fpa export' on ONNX Runtime (--model; --device and --threads apply to it).",
                "Give at least one output: --grid, --out-dir, --save-npy or --steps-npy."})
final class GenerateCommand implements Callable<Integer> {
    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Source source = new Source();

    static final class Source {
        @Option(names = "--checkpoint", required = true, paramLabel = "CKPT",
                description = "An fpa checkpoint (from fpa import or fpa train), run on DJL.")
        Path checkpoint;

        @Option(names = "--model", required = true, paramLabel = "MODEL",
                description = "An ONNX model from fpa export (a file, a URL or zoo:NAME), run on ONNX Runtime."
                        + " Default: the built-in zoo's default model.")
        String model;
    }

    @Mixin
    GeneratorChoice generator = new GeneratorChoice();

    @Mixin
    LatentOptions latents;

    @Option(names = "--grid", paramLabel = "FILE", description = "Write the images as one PNG grid.")
    Path grid;

    @Option(names = "--nrow", converter = Counts.Positive.class, defaultValue = "8", description = "Images per grid "
            + "row (default: ${DEFAULT-VALUE}).")
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

    @Option(names = "--batch-size", converter = Counts.Positive.class, defaultValue = "64", paramLabel = "B",
            description = "Latents per forward pass (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Mixin
    DeviceOptions device;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Latents per round of --out-dir writing: enough to keep batches full, few enough to bound memory. */
    private static final int ROUND = 1024;

    /**
     * What the command needs from either engine: sizes, the raw images and the painting frames of a batch of
     * latents (noise continuing from {@code startNoise}), and the frame count (asked only when frames are wanted,
     * since the baseline has none).
     */
    private record Generator(String modelType, int latentDim, int channels, int size, String label,
            LongFunction<Function<LatentOptions.Latents, float[]>> startNoise,
            Function<LatentOptions.Latents, float[]> frames, IntSupplier frameCount, Closeable engine)
            implements AutoCloseable {
        @Override
        public void close() throws IOException {
            engine.close();
        }
    }

    @Override
    public Integer call() throws Exception {
        if (grid == null && outDir == null && saveNpy == null && stepsNpy == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "nothing to write: give --grid, --out-dir, --save-npy or --steps-npy");
        }
        ImageFileFormat fileFormat = ImageFileFormat.parse(format);
        OutputGuard.of(spec).file("--grid", grid).folder("--out-dir", outDir).file("--save-npy", saveNpy)
                .file("--steps-npy", stepsNpy).check();
        PrintWriter out = spec.commandLine().getOut();
        try (Generator generator = source.checkpoint != null ? onDjl() : onOnnxRuntime()) {
            LatentOptions.LatentStream z = latents.open(generator.latentDim());
            int n = z.count();
            int s = generator.size();
            int c = generator.channels();
            int per = c * s * s;
            if (grid != null) {
                ImageGrid.checkFits(n, s, s, nrow, ImageGrid.PADDING);
            }
            // only the grid and the .npy files need every image at once; --out-dir alone runs in bounded memory
            float[] all = grid != null || saveNpy != null ? new float[Math.multiplyExact(n, per)] : null;
            float[] frames = stepsNpy != null
                    ? new float[Math.multiplyExact(n, generator.frameCount().getAsInt() * per)] : null;
            Function<LatentOptions.Latents, float[]> raw = generator.startNoise().apply(z.noiseSeed());
            if (outDir != null) {
                Files.createDirectories(outDir);
            }
            long t0 = System.nanoTime();
            int round = Math.max(ROUND / batchSize, 1) * batchSize;
            for (int done = 0; done < n; ) {
                LatentOptions.Latents batch = z.next(round);
                if (all != null || outDir != null) {
                    float[] images = raw.apply(batch);
                    if (all != null) {
                        System.arraycopy(images, 0, all, done * per, images.length);
                    }
                    if (outDir != null) {
                        writeEach(images, done, batch.count(), c, s, fileFormat);
                    }
                }
                if (frames != null) {
                    float[] f = generator.frames().apply(batch);
                    System.arraycopy(f, 0, frames, done * (f.length / batch.count()), f.length);
                }
                done += batch.count();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (saveNpy != null) {
                Npy.write(saveNpy, NdArray.of(all, n, c, s, s));
            }
            if (grid != null) {
                ImageEncoder.writePng(grid, ImageGrid.tile(all, n, c, s, s, nrow, ImageGrid.PADDING, 0f));
            }
            if (all != null || outDir != null) {
                out.printf(Locale.ROOT, "generated %d images of %dx%d with %s (%s) in %.2f s%n", n, s, s,
                        generator.modelType(), generator.label(), seconds);
            }
            if (frames != null) {
                Npy.write(stepsNpy, NdArray.of(frames, n, generator.frameCount().getAsInt(), c, s, s));
                out.printf("wrote %d painting frames per image to %s%n", generator.frameCount().getAsInt(), stepsNpy);
            }
        }
        return 0;
    }

    private Generator onDjl() throws IOException {
        String section = generator.section();
        Warnings.engine(spec.commandLine().getErr());
        CheckpointGenerator djl = CheckpointGenerator.load(Checkpoint.read(source.checkpoint), section,
                device.torchDevice().device());
        GeneratorConfig c = djl.config();
        return new Generator(c.modelType(), c.latentDim(), c.channels(), c.imageSize(), section + " on DJL",
                noiseSeed -> {
                    djl.seedNoise(noiseSeed);
                    return z -> djl.generate(z.values(), z.count(), batchSize);
                },
                z -> djl.paintingFrames(z.values(), z.count(), batchSize), djl::frameCount, djl::close);
    }

    private Generator onOnnxRuntime() throws IOException {
        Painter painter = device.open(source.model, batchSize, spec.commandLine().getErr());
        ModelDescription d = painter.description();
        return new Generator(d.modelType(), d.latentDim(), d.channels(), d.imageSize(),
                d.weights() + " on ONNX Runtime, " + painter.device(),
                noiseSeed -> {
                    LatentSampler noise = Painter.noiseStream(noiseSeed);
                    return z -> (z.seeds() != null ? painter.generate(z.seeds())
                            : painter.generate(z.values(), z.count(), noise)).raw();
                },
                z -> painter.frames(z.values(), z.count()), d::frames, painter::close);
    }

    private void writeEach(float[] images, int first, int n, int channels, int s, ImageFileFormat fileFormat)
            throws Exception {
        int per = channels * s * s;
        for (int i = 0; i < n; i++) {
            Path file = outDir.resolve(String.format(Locale.ROOT, "%04d.%s", first + i, fileFormat.extension()));
            ImageEncoder.write(file, ImageTensors.fromTensor(images, i * per, channels, s, s));
        }
    }
}
