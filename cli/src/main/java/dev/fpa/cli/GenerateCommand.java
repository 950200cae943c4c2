package dev.fpa.cli;

import dev.fpa.runtime.array.NdArray;
import dev.fpa.runtime.array.Npy;
import dev.fpa.runtime.image.ImageEncoder;
import dev.fpa.runtime.image.ImageFileFormat;
import dev.fpa.runtime.image.ImageGrid;
import dev.fpa.runtime.image.ImageTensors;
import dev.fpa.runtime.generate.ImageSampler;
import dev.fpa.trainer.model.CheckpointGenerator;
import dev.fpa.trainer.model.DjlSampler;
import dev.fpa.trainer.checkpoint.Checkpoint;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
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
        try (ImageSampler sampler = source.checkpoint != null ? onDjl() : onOnnxRuntime()) {
            ImageSampler.Shape shape = sampler.shape();
            LatentOptions.LatentStream z = latents.open(shape.latentDim());
            int n = z.count();
            int s = shape.imageSize();
            int c = shape.channels();
            int per = c * s * s;
            if (grid != null) {
                ImageGrid.checkFits(n, s, s, nrow, ImageGrid.PADDING);
            }
            // only the grid and the .npy files need every image at once; --out-dir alone runs in bounded memory
            float[] all = grid != null || saveNpy != null ? new float[Math.multiplyExact(n, per)] : null;
            // a model without frames says why when first asked (the baseline does not paint; an export may lack them)
            float[] frames = null;
            ImageSampler.LatentBatches fromLatents = sampler.fromLatents(z.noiseSeed());
            if (outDir != null) {
                Files.createDirectories(outDir);
            }
            long t0 = System.nanoTime();
            int round = Math.max(ROUND / batchSize, 1) * batchSize;
            for (int done = 0; done < n; ) {
                LatentOptions.Latents batch = z.next(round);
                if (all != null || outDir != null) {
                    float[] images = batch.seeds() != null ? sampler.sample(batch.seeds())
                            : fromLatents.raw(batch.values(), batch.count());
                    if (all != null) {
                        System.arraycopy(images, 0, all, done * per, images.length);
                    }
                    if (outDir != null) {
                        writeEach(images, done, batch.count(), c, s, fileFormat);
                    }
                }
                if (stepsNpy != null) {
                    float[] f = sampler.frames(batch.values(), batch.count());
                    if (frames == null) {
                        frames = new float[Math.multiplyExact(n, f.length / batch.count())];
                    }
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
                        shape.modelType(), sampler.label(), seconds);
            }
            if (frames != null) {
                int perImage = frames.length / n / per;
                Npy.write(stepsNpy, NdArray.of(frames, n, perImage, c, s, s));
                out.printf("wrote %d painting frames per image to %s%n", perImage, stepsNpy);
            }
        }
        return 0;
    }

    private ImageSampler onDjl() throws IOException {
        String section = generator.section();
        Warnings.engine(spec.commandLine().getErr());
        return new DjlSampler(CheckpointGenerator.load(Checkpoint.read(source.checkpoint), section,
                device.torchDevice().device()), batchSize, section + " on DJL");
    }

    private ImageSampler onOnnxRuntime() throws IOException {
        return device.open(source.model, batchSize, spec.commandLine().getErr());
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
