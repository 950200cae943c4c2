package dev.fpa.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fpa.runtime.image.ImageFileFormat;
import dev.fpa.runtime.io.AtomicFiles;
import dev.fpa.runtime.metrics.FeatureCollector;
import dev.fpa.runtime.metrics.ImageFolderStream;
import dev.fpa.runtime.metrics.KernelInceptionDistance;
import dev.fpa.runtime.metrics.PrecisionRecall;
import dev.fpa.runtime.metrics.OnnxFeatureExtractor;
import dev.fpa.runtime.metrics.ReferenceSet;
import dev.fpa.runtime.metrics.StatisticsFile;
import dev.fpa.runtime.metrics.StatisticsProvenance;
import dev.fpa.runtime.zoo.ModelZoo;
import dev.fpa.runtime.zoo.ZooModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fpa fid}: FID (KID, precision and recall) of a generator or a folder against reference statistics or a
 * folder.
 */
@Command(name = "fid", mixinStandardHelpOptions = true,
        description = {"Compute FID (with --kid, KID; with --precision-recall, precision and recall) of a "
                + "generator's samples, a folder or a dataset against a reference: a statistics file from 'fpa "
                + "stats' (or pytorch-fid's --save-stats) or a folder.",
                "Generated images are clamped, quantised to 8 bits and, when the reference was stored as JPEG, "
                        + "JPEG-encoded at quality 75 before feature extraction, as the official protocol saves them."})
final class FidCommand implements Callable<Integer> {
    private static final int KID_SEED = 0;

    @Mixin
    ImageSetOptions images;

    @Mixin
    FeatureOptions features;

    @Option(names = "--ref", required = true, paramLabel = "STATS.npz|DIR",
            description = "Reference statistics (computed once with 'fpa stats') or a folder of images. A bare "
                    + "file name that is not here names statistics a zoo ships (checksum verified), e.g. "
                    + "fashion-mnist-train_fmnist-features_32.npz.")
    Path ref;

    @Option(names = "--kid", description = "Also compute KID (100 subsets of at most 1,000, cubic polynomial kernel,"
            + " as StyleGAN2-ADA and clean-fid); needs reference features (stats files keep a sample).")
    boolean kid;

    @Option(names = "--precision-recall", arity = "0..1", fallbackValue = "" + PrecisionRecall.DEFAULT_K,
            paramLabel = "K", description = "Also compute improved precision and recall (Kynkaenniemi et al. 2019) "
                    + "over K nearest neighbours (default K: ${FALLBACK-VALUE}, the paper's) between the generated "
                    + "features and the reference's kept ones (stats files keep a sample).")
    Integer precisionRecall;

    @Option(names = "--image-format", paramLabel = "png|jpg",
            description = "How generated images are saved before extraction (default: as the reference was "
                    + "stored, else png).")
    String imageFormat;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the scores and settings as JSON.")
    Path json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OutputGuard.of(spec).file("--json", json).check();
        if (precisionRecall != null && precisionRecall < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--precision-recall K needs K >= 1, got "
                    + precisionRecall);
        }
        PrintWriter console = spec.commandLine().getOut();
        long start = System.nanoTime();
        try (OnnxFeatureExtractor extractor = features.open(images.device.parallel)) {
            ReferenceSet reference;
            ImageFileFormat format = imageFormat == null ? ImageFileFormat.PNG : ImageFileFormat.parse(imageFormat);
            String refName = ref.toString();
            if (Files.isDirectory(ref)) {
                ImageFolderStream folder = ImageFolderStream.open(ref, images.dataSource.pixels.limit());
                FeatureCollector.Result r = FeatureCollector.collect(extractor, folder, features.batchSize,
                        keepsFeatures() ? Integer.MAX_VALUE : 0, new ConsoleProgress());
                Warnings.skippedFiles(spec.commandLine().getErr(), folder.skipped());
                reference = ReferenceSet.of(r);
            } else {
                StatisticsFile file = readStatistics(console);
                file.requireExtractor(extractor.sha256());
                reference = ReferenceSet.of(file);
                if (imageFormat == null) {
                    format = file.provenance().map(StatisticsProvenance::imageFormat).orElse(ImageFileFormat.PNG);
                }
            }
            ReferenceSet.Score score;
            String name;
            try (ImageSetOptions.ImageSet set = images.open(format, features.batchSize,
                    spec.commandLine().getErr())) {
                name = set.name();
                FeatureCollector.Result generated = FeatureCollector.collect(extractor, set.stream(),
                        features.batchSize, keepsFeatures() ? Integer.MAX_VALUE : 0, new ConsoleProgress());
                Warnings.skippedFiles(spec.commandLine().getErr(), set.skipped().get());
                score = reference.score(generated, kid ? KernelInceptionDistance.Options.defaults(KID_SEED) : null,
                        precisionRecall == null ? 0 : precisionRecall);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            console.printf(Locale.ROOT, "FID %.6g  (%,d images of %s vs %s%s, %s features, %s, %.0f s)%n",
                    score.fid(), score.generated(), name, refName,
                    score.reference() > 0 ? String.format(Locale.ROOT, " (%,d images)", score.reference()) : "",
                    features.name(), format.extension(), seconds);
            score.kid().ifPresent(k -> console.printf(Locale.ROOT, "KID %.6g ± %.3g%n", k.mean(), k.std()));
            score.precisionRecall().ifPresent(pr -> console.printf(Locale.ROOT, "precision %.4f  recall %.4f  (k = %d, "
                    + "%,d reference and %,d generated vectors)%n", pr.precision(), pr.recall(), pr.k(), pr.real(),
                    pr.generated()));
            if (json != null) {
                writeJson(score, name, format, extractor, seconds);
            }
        }
        return 0;
    }

    /**
     * The --ref statistics: the file, or, for a bare name that is no file here, the statistics a zoo ships under that
     * name, verified against the zoo's checksum and read from a temporary copy (the built-in zoo's files live in
     * the jar, and the reader takes a file).
     */
    private StatisticsFile readStatistics(PrintWriter console) throws IOException {
        Optional<ZooModel> shipped = Files.exists(ref) || ref.getNameCount() != 1 ? Optional.empty()
                : ModelZoo.shippedFile(ref.toString());
        if (shipped.isEmpty()) {
            return StatisticsFile.read(ref);
        }
        byte[] bytes = shipped.get().read().bytes();
        Path copy = Files.createTempFile("fpa-ref-", ".npz");
        try {
            Files.write(copy, bytes);
            StatisticsFile file = StatisticsFile.read(copy);
            console.printf("reference: %s of zoo:%s (%s)%n", ref, shipped.get().name(), shipped.get().index());
            return file;
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    private boolean keepsFeatures() {
        return kid || precisionRecall != null;
    }

    private void writeJson(ReferenceSet.Score score, String name, ImageFileFormat format,
                           OnnxFeatureExtractor extractor, double seconds) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode o = mapper.createObjectNode();
        o.put("fid", score.fid());
        score.kid().ifPresent(k -> {
            o.put("kid", k.mean());
            o.put("kid_std", k.std());
        });
        score.precisionRecall().ifPresent(pr -> {
            o.put("precision", pr.precision());
            o.put("recall", pr.recall());
            o.put("precision_recall_k", pr.k());
            o.put("precision_recall_reference_vectors", pr.real());
        });
        o.put("images", name);
        o.put("num_images", score.generated());
        if (images.source.model != null) {
            o.put("model", images.source.model);
            o.put("first_seed", images.seed);
        }
        o.put("reference", ref.toString());
        o.put("num_reference", score.reference());
        o.put("features", features.features);
        o.put("features_sha256", extractor.sha256());
        o.put("image_format", format.extension());
        o.put("seconds", seconds);
        AtomicFiles.write(json, (mapper.writeValueAsString(o) + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
