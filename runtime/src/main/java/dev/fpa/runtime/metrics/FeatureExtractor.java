package dev.fpa.runtime.metrics;

import dev.fpa.runtime.progress.ProgressListener;
import java.util.Iterator;
import java.util.function.Consumer;

/** A network from images to feature vectors, e.g. FID's Inception pool3 (2048 features). */
public interface FeatureExtractor extends AutoCloseable {
    /** The length of one feature vector. */
    int dim();

    /** The SHA-256 of the model, recorded in statistics files so that no two extractors' statistics are mixed. */
    String sha256();

    /** The features of a batch of images in [0,1]: {@code count × dim()} floats, one row per image. */
    float[] extract(ImageBatch images);

    /**
     * Extracts every batch the source yields and hands each batch's features to {@code sink}, reporting
     * progress in images ({@code totalImages} negative when unknown).
     */
    default void extractAll(Iterator<ImageBatch> batches, long totalImages, Consumer<float[]> sink,
                            ProgressListener progress) {
        progress.start("features", totalImages, "img");
        try {
            while (batches.hasNext()) {
                ImageBatch batch = batches.next();
                sink.accept(extract(batch));
                progress.advance(batch.count());
            }
        } finally {
            progress.finish();
        }
    }

    @Override
    void close();
}
