package dev.fpa.runtime.metrics;

import dev.fpa.runtime.progress.ProgressListener;
import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Runs an image stream through a feature extractor: streaming mean and covariance of all the features, and, for
 * KID, up to {@code keep} of the feature vectors themselves, a uniform sample when there are more (reservoir
 * sampling with a fixed seed, so the same images keep the same sample).
 */
public final class FeatureCollector {
    private static final long SAMPLE_SEED = 0x5EED_F1DL;

    /** The statistics, the kept vectors (rows of {@code dim} floats, possibly none) and the time taken. */
    public record Result(FeatureStatistics statistics, float[] kept, double seconds) {
        public double imagesPerSecond() {
            return statistics.count() / seconds;
        }
    }

    private FeatureCollector() {
    }

    public static Result collect(FeatureExtractor extractor, ImageStream images, int batchSize, int keep,
                                 ProgressListener progress) throws IOException {
        int dim = extractor.dim();
        FeatureStatistics statistics = new FeatureStatistics(dim);
        int capacity = (int) Math.min(keep, images.count());
        float[] kept = new float[Math.multiplyExact(capacity, dim)];
        SplittableRandom random = new SplittableRandom(SAMPLE_SEED);
        long seen = 0;
        long start = System.nanoTime();
        progress.start("features", images.count(), "img");
        try {
            for (ImageBatch batch = images.next(batchSize); batch != null; batch = images.next(batchSize)) {
                float[] features = extractor.extract(batch);
                statistics.add(features);
                for (int i = 0; i < batch.count(); i++, seen++) {
                    long slot = seen < capacity ? seen : random.nextLong(seen + 1);
                    if (slot < capacity) {
                        System.arraycopy(features, i * dim, kept, (int) slot * dim, dim);
                    }
                }
                progress.advance(batch.count());
            }
        } finally {
            progress.finish();
        }
        int rows = (int) Math.min(capacity, seen);
        float[] sample = rows == capacity ? kept : Arrays.copyOf(kept, rows * dim);
        return new Result(statistics, sample, (System.nanoTime() - start) / 1e9);
    }
}
