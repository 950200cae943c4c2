package dev.fpa.cli;

import dev.fpa.runtime.metrics.FidBenchmark;
import dev.fpa.runtime.metrics.FrechetDistance;
import dev.fpa.runtime.metrics.ImageBatch;
import dev.fpa.runtime.metrics.OnnxFeatureExtractor;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fpa bench fid}: the cost of FID's parts: statistics, the Fréchet distance and feature extraction. */
@Command(name = "fid", mixinStandardHelpOptions = true,
        description = {"Time FID's parts: accumulating mean and covariance, the Fréchet distance between two "
                + "full-rank Gaussians (at 2048 dimensions, pytorch-fid's size; scipy's sqrtm takes ~9 s here) with "
                        + "the "
                + "dense kernels in use (the bundled OpenBLAS, or pure-Java EJML where it does not load), and "
                + "with --features, feature extraction in images/s on random images of the model's input size."})
final class BenchFidCommand implements Callable<Integer> {
    @Option(names = "--dim", defaultValue = "" + FidBenchmark.FID_DIM, paramLabel = "D",
            description = "Feature dimension (default: ${DEFAULT-VALUE}).")
    int dim;

    @Option(names = "--repeats", defaultValue = "3", paramLabel = "R",
            description = "Timed repeats; the median is reported (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--features", paramLabel = "MODEL",
            description = "Also time this feature extractor (ONNX file or zoo:NAME).")
    String features;

    @Option(names = "--batch-size", converter = Counts.Positive.class, defaultValue = "256", paramLabel = "B",
            description = "Images per extractor call (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Mixin
    ParallelOptions parallel = new ParallelOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (dim < 2 || repeats < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--dim must be at least 2, --repeats positive");
        }
        PrintWriter out = spec.commandLine().getOut();
        int vectors = dim + dim / 4;
        FidBenchmark.Result r = FidBenchmark.run(dim, vectors, repeats, 1);
        out.printf(Locale.ROOT, "statistics: %,.0f vectors/s (%d-d, %,d vectors per set)%n",
                r.accumulationVectorsPerSecond(), dim, vectors);
        out.printf(Locale.ROOT, "Frechet distance at %d-d (%s): median %.2f s (runs: %s)%n", dim,
                FrechetDistance.kernels(dim), r.frechetMedianSeconds(),
                Arrays.toString(Arrays.stream(r.frechetSeconds()).map(s -> Math.round(s * 100) / 100.0).toArray()));
        if (features != null) {
            try (OnnxFeatureExtractor fx = OnnxFeatureExtractor.open(features, parallel.threads,
                    parallel.workerCount())) {
                int side = fx.metadata().inputSize();
                int channels = fx.channels();
                float[] pixels = new float[batchSize * channels * side * side];
                SplittableRandom random = new SplittableRandom(1);
                for (int i = 0; i < pixels.length; i++) {
                    pixels[i] = (float) random.nextDouble();
                }
                double rate = FidBenchmark.extractionImagesPerSecond(fx,
                        new ImageBatch(pixels, batchSize, channels, side, side), repeats);
                out.printf(Locale.ROOT, "features %s: %,.0f images/s (batch %d of %dx%d in %d part(s), %s, median of "
                        + "%d)%n", features, rate, batchSize, side, side, fx.partsPerBatch(batchSize),
                        parallel.describe(), repeats);
            }
        }
        return 0;
    }
}
