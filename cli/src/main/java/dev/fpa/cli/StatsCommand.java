package dev.fpa.cli;

import dev.fpa.runtime.image.ImageFileFormat;
import dev.fpa.runtime.metrics.FeatureCollector;
import dev.fpa.runtime.metrics.OnnxFeatureExtractor;
import dev.fpa.runtime.metrics.StatisticsFile;
import dev.fpa.runtime.metrics.StatisticsProvenance;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fpa stats}: reference statistics computed once, for every later {@code fpa fid} and training run. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = {"Compute the feature statistics (mean and covariance, plus a sample of the features for KID) "
                + "of a folder, a training dataset or a generator, and save them as a pytorch-fid compatible .npz.",
                "Name them in the clean-fid style, {dataset}_{extractor}_{size}.npz; 'fpa fid --ref' and 'fpa train "
                        + "--fid-ref' reuse them instead of recomputing."})
final class StatsCommand implements Callable<Integer> {
    @Mixin
    ImageSetOptions images;

    @Mixin
    FeatureOptions features;

    @Option(names = "--out", required = true, paramLabel = "NAME.npz", description = "The statistics file to write.")
    Path out;

    @Option(names = "--keep-features", defaultValue = "10000", paramLabel = "K",
            description = "Store up to K feature vectors (a uniform sample when there are more) so that KID can be "
                    + "computed against this file; 0 stores none (default: ${DEFAULT-VALUE}).")
    int keep;

    @Option(names = "--image-format", defaultValue = "png", paramLabel = "png|jpg",
            description = "How the reference images are stored, recorded so that generated images are saved the "
                    + "same way before comparison; with --model, how the samples are saved (default: "
                    + "${DEFAULT-VALUE}).")
    String imageFormat;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OutputGuard.of(spec).file("--out", out).check();
        ImageFileFormat format = ImageFileFormat.parse(imageFormat);
        PrintWriter console = spec.commandLine().getOut();
        try (OnnxFeatureExtractor extractor = features.open(images.device.parallel);
             ImageSetOptions.ImageSet set = images.open(format, features.batchSize, spec.commandLine().getErr())) {
            FeatureCollector.Result result = FeatureCollector.collect(extractor, set.stream(), features.batchSize,
                    Math.max(0, keep), new ConsoleProgress());
            Warnings.skippedFiles(spec.commandLine().getErr(), set.skipped().get());
            int size = set.imageSize() > 0 ? set.imageSize() : extractor.metadata().inputSize();
            StatisticsProvenance provenance = new StatisticsProvenance(set.name(), features.name(),
                    extractor.sha256(), size, set.resize(), format);
            StatisticsFile.write(out, result.statistics(), provenance, keep > 0 ? result.kept() : null);
            console.printf(Locale.ROOT, "wrote %s: %,d images of %s through %s (%d features), %,d feature vectors "
                            + "kept; %.0f images/s%n", out, result.statistics().count(), set.name(), features.name(),
                    extractor.dim(), keep > 0 ? result.kept().length / extractor.dim() : 0, result.imagesPerSecond());
        }
        return 0;
    }
}
