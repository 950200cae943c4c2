package dev.fpa.trainer.train;

import ai.djl.engine.Engine;
import dev.fpa.runtime.generate.SeedRange;
import dev.fpa.runtime.image.ImageFileFormat;
import dev.fpa.runtime.metrics.FeatureCollector;
import dev.fpa.runtime.metrics.GeneratedImageStream;
import dev.fpa.runtime.metrics.ImageStream;
import dev.fpa.runtime.metrics.OnnxFeatureExtractor;
import dev.fpa.runtime.metrics.ReferenceSet;
import dev.fpa.runtime.metrics.SavedImageRoundTrip;
import dev.fpa.runtime.metrics.StatisticsFile;
import dev.fpa.runtime.metrics.StatisticsProvenance;
import dev.fpa.runtime.progress.ProgressListener;
import dev.fpa.trainer.model.CheckpointGenerator;
import dev.fpa.trainer.model.DjlSampler;
import java.io.IOException;
import java.nio.file.Path;

/**
 * FID of the EMA generator during training, against statistics computed once ({@code fpa stats}); the official
 * code recomputes the real statistics at every evaluation. Samples use seeds 0…K−1, one latent per seed as
 * {@code fpa fid --model} draws them, and are saved (in memory) as the reference images were.
 */
public final class FidEvaluation implements AutoCloseable {
    private static final int FEATURE_BATCH = 100;

    /** Every {@code every} steps (and at the end), {@code numImages} samples against {@code reference}. */
    public record Options(Path reference, String features, int every, int numImages) {
        public Options {
            if (every < 1 || numImages < 2) {
                throw new IllegalArgumentException("FID needs --calculate-fid-every ≥ 1 and at least 2 images");
            }
        }
    }

    private final Options options;
    private final OnnxFeatureExtractor extractor;
    private final ReferenceSet reference;
    private final SavedImageRoundTrip roundTrip;

    private FidEvaluation(Options options, OnnxFeatureExtractor extractor, ReferenceSet reference,
                          SavedImageRoundTrip roundTrip) {
        this.options = options;
        this.extractor = extractor;
        this.reference = reference;
        this.roundTrip = roundTrip;
    }

    /** Opens the extractor and the statistics; statistics of another extractor are refused. */
    public static FidEvaluation open(Options options) throws IOException {
        StatisticsFile stats = StatisticsFile.read(options.reference());
        OnnxFeatureExtractor extractor = OnnxFeatureExtractor.open(options.features(), 0);
        try {
            stats.requireExtractor(extractor.sha256());
        } catch (IllegalArgumentException e) {
            extractor.close();
            throw e;
        }
        ImageFileFormat format = stats.provenance().map(StatisticsProvenance::imageFormat)
                .orElse(ImageFileFormat.PNG);
        return new FidEvaluation(options, extractor, ReferenceSet.of(stats), new SavedImageRoundTrip(format));
    }

    boolean due(long step, boolean last) {
        return step % options.every() == 0 || last;
    }

    /** FID of the state's EMA generator now. */
    double evaluate(TrainingState state) throws IOException {
        Engine.getInstance().setRandomSeed((int) state.randomness().sampleSeed());
        try (DjlSampler ema = new DjlSampler(CheckpointGenerator.of(state.emaGenerator(), state.manager()),
                state.config().training().batchSize(), "EMA generator")) {
            ImageStream samples = new GeneratedImageStream(ema, new SeedRange(0, options.numImages()), roundTrip);
            FeatureCollector.Result generated = FeatureCollector.collect(extractor, samples, FEATURE_BATCH, 0,
                    ProgressListener.NONE);
            return reference.score(generated, null).fid();
        }
    }

    @Override
    public void close() {
        extractor.close();
    }
}
