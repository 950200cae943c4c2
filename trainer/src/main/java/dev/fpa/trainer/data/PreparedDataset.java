package dev.fpa.trainer.data;

import dev.fpa.runtime.image.SkippedFile;
import java.util.List;

/**
 * Preprocessed training images held as bytes (a quarter of the memory of floats), CHW per image,
 * with the files that could not be read.
 */
public final class PreparedDataset {
    private final int count;
    private final int channels;
    private final int size;
    private final byte[] data;
    private final List<SkippedFile> skipped;

    PreparedDataset(int count, int channels, int size, byte[] data, List<SkippedFile> skipped) {
        if (data.length != (long) count * channels * size * size) {
            throw new IllegalArgumentException("dataset buffer does not match " + count + " images");
        }
        this.count = count;
        this.channels = channels;
        this.size = size;
        this.data = data;
        this.skipped = List.copyOf(skipped);
    }

    public int count() {
        return count;
    }

    public int channels() {
        return channels;
    }

    public int size() {
        return size;
    }

    public List<SkippedFile> skipped() {
        return skipped;
    }

    byte[] rawData() {
        return data;
    }

    /**
     * Writes the images at {@code indices} as NCHW floats in [0,1] into {@code out};
     * {@code flip[i]} mirrors image i horizontally (the official dataset augmentation).
     */
    public void batch(int[] indices, boolean[] flip, float[] out) {
        int hw = size * size;
        int image = channels * hw;
        for (int b = 0; b < indices.length; b++) {
            int src = indices[b] * image;
            int dst = b * image;
            boolean mirror = flip != null && flip[b];
            for (int c = 0; c < channels; c++) {
                for (int y = 0; y < size; y++) {
                    int row = c * hw + y * size;
                    for (int x = 0; x < size; x++) {
                        int sx = mirror ? size - 1 - x : x;
                        out[dst + row + x] = (data[src + row + sx] & 0xff) / 255f;
                    }
                }
            }
        }
    }
}
