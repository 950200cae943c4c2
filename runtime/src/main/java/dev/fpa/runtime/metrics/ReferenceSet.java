package dev.fpa.runtime.metrics;

import java.util.Optional;

/**
 * What generated images are compared with: the Gaussian of the reference features, their count, and some of the
 * feature vectors when they were kept (KID needs them).
 */
public record ReferenceSet(MeanAndCovariance statistics, long count, float[] features) {
    public static ReferenceSet of(StatisticsFile file) {
        return new ReferenceSet(file.statistics(), file.count().orElse(0), file.features().orElse(null));
    }

    public static ReferenceSet of(FeatureCollector.Result collected) {
        return new ReferenceSet(collected.statistics().meanAndCovariance(), collected.statistics().count(),
                collected.kept().length > 0 ? collected.kept() : null);
    }

    /** FID of generated features against this set, and KID when {@code kid} options are given. */
    public Score score(FeatureCollector.Result generated, KernelInceptionDistance.Options kid) {
        return score(generated, kid, 0);
    }

    /**
     * The same, with precision and recall over {@code neighbours} nearest neighbours when it is positive
     * ({@link PrecisionRecall}); KID and precision/recall use the kept vectors of both sides.
     */
    public Score score(FeatureCollector.Result generated, KernelInceptionDistance.Options kid, int neighbours) {
        double fid = FrechetDistance.between(statistics, generated.statistics().meanAndCovariance());
        KernelInceptionDistance.Result k = null;
        if (kid != null) {
            k = KernelInceptionDistance.between(generated.kept(), features("KID"), statistics.dim(), kid);
        }
        PrecisionRecall.Result pr = null;
        if (neighbours > 0) {
            pr = PrecisionRecall.between(features("precision and recall"), generated.kept(), statistics.dim(),
                    neighbours);
        }
        return new Score(fid, Optional.ofNullable(k), Optional.ofNullable(pr), generated.statistics().count(), count);
    }

    private float[] features(String measure) {
        if (features == null) {
            throw new IllegalArgumentException("the reference holds no feature vectors, so " + measure + " cannot "
                    + "be computed: recompute it with 'fpa stats --keep-features K'");
        }
        return features;
    }

    /**
     * FID, KID and precision/recall when asked for, and the number of images on each side (0 when a file does not
     * say).
     */
    public record Score(double fid, Optional<KernelInceptionDistance.Result> kid,
            Optional<PrecisionRecall.Result> precisionRecall, long generated, long reference) {
    }
}
