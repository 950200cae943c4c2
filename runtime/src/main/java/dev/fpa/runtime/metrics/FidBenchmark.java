package dev.fpa.runtime.metrics;

import dev.fpa.runtime.bench.Measurements;
import java.util.SplittableRandom;

/** Timings behind {@code fpa bench fid}: statistics accumulation and the Fréchet distance at FID's size. */
public final class FidBenchmark {
    /** The size of pytorch-fid's Inception pool3 features, at which FID runs. */
    public static final int FID_DIM = 2048;
    /** More vectors than dimensions, so that the covariances are full rank as those of real datasets are. */
    public static final int DEFAULT_VECTORS = FID_DIM + FID_DIM / 4;
    /** Per-dimension scales span this ratio, a spread like that of Inception features (std 0.01 to 0.7). */
    private static final double SCALE_RANGE = 100;

    /**
     * @param dim                          feature dimension
     * @param vectors                      vectors per set
     * @param accumulationVectorsPerSecond vectors added to {@link FeatureStatistics} per second
     * @param frechetSeconds               each timed Fréchet distance
     */
    public record Result(int dim, int vectors, double accumulationVectorsPerSecond, double[] frechetSeconds) {
        public double frechetMedianSeconds() {
            return new Measurements(frechetSeconds).median();
        }
    }

    private FidBenchmark() {
    }

    /**
     * Accumulates the statistics of two random feature sets (timed), then times the Fréchet distance between
     * them {@code repeats} times.
     */
    public static Result run(int dim, int vectors, int repeats, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] sets = {randomFeatures(dim, vectors, 0, random), randomFeatures(dim, vectors, 1, random)};
        FeatureStatistics[] statistics = new FeatureStatistics[sets.length];
        long start = System.nanoTime();
        for (int s = 0; s < sets.length; s++) {
            statistics[s] = new FeatureStatistics(dim);
            statistics[s].add(sets[s]);
        }
        double accumulationSeconds = (System.nanoTime() - start) / 1e9;
        MeanAndCovariance a = statistics[0].meanAndCovariance();
        MeanAndCovariance b = statistics[1].meanAndCovariance();
        double[] seconds = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            long t = System.nanoTime();
            FrechetDistance.between(a, b);
            seconds[r] = (System.nanoTime() - t) / 1e9;
        }
        return new Result(dim, vectors, sets.length * (double) vectors / accumulationSeconds, seconds);
    }

    /** Images per second of a feature extractor on one batch: the median over {@code repeats} runs. */
    public static double extractionImagesPerSecond(FeatureExtractor extractor, ImageBatch batch, int repeats) {
        double[] seconds = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            long t = System.nanoTime();
            extractor.extract(batch);
            seconds[r] = (System.nanoTime() - t) / 1e9;
        }
        return batch.count() / new Measurements(seconds).median();
    }

    /** Gaussian features with log-uniform per-dimension scales, shifted by {@code shift} in every dimension. */
    private static float[] randomFeatures(int dim, int vectors, double shift, SplittableRandom random) {
        double[] scale = new double[dim];
        for (int j = 0; j < dim; j++) {
            scale[j] = Math.pow(SCALE_RANGE, -random.nextDouble());
        }
        float[] rows = new float[vectors * dim];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = (float) (shift + scale[i % dim] * random.nextGaussian());
        }
        return rows;
    }
}
