package dev.fpa.runtime.metrics;

import java.io.IOException;

/** Images handed to a feature extractor in batches, from a folder, a dataset or a generator. */
public interface ImageStream {
    /** How many images the stream holds in all. */
    long count();

    /** The next batch of at most {@code max} images of one size, or null when the stream is done. */
    ImageBatch next(int max) throws IOException;
}
