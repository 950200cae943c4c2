package dev.fpa.cli;

import dev.fpa.runtime.metrics.ImageBatch;
import dev.fpa.runtime.metrics.ImageStream;
import dev.fpa.trainer.data.PreparedDataset;

/** A prepared training dataset as a feature extractor sees it: the images exactly as the generator learns them. */
final class PreparedDatasetStream implements ImageStream {
    private final PreparedDataset data;
    private int position;

    PreparedDatasetStream(PreparedDataset data) {
        this.data = data;
    }

    @Override
    public long count() {
        return data.count();
    }

    @Override
    public ImageBatch next(int max) {
        int n = Math.min(max, data.count() - position);
        if (n <= 0) {
            return null;
        }
        int[] indices = new int[n];
        for (int i = 0; i < n; i++) {
            indices[i] = position + i;
        }
        position += n;
        int s = data.size();
        float[] pixels = new float[n * data.channels() * s * s];
        data.batch(indices, null, pixels);
        return new ImageBatch(pixels, n, data.channels(), s, s);
    }
}
