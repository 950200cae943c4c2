package dev.fpa.runtime.metrics;

/**
 * PyTorch's {@code F.interpolate(x, size, mode="bilinear", align_corners=False)} without antialiasing, which
 * pytorch-fid applies before its Inception network (also when down-sampling, so large images alias). The source
 * coordinate of output pixel i is (i + 0.5)·in/out − 0.5, clamped at 0, with the upper neighbour clamped to the
 * last pixel; the arithmetic is float, as torch's for float tensors.
 */
final class BilinearResize {
    private BilinearResize() {
    }

    static ImageBatch apply(ImageBatch batch, int outHeight, int outWidth) {
        if (batch.height() == outHeight && batch.width() == outWidth) {
            return batch;
        }
        Axis rows = new Axis(batch.height(), outHeight);
        Axis cols = new Axis(batch.width(), outWidth);
        int planes = batch.count() * batch.channels();
        int inPlane = batch.height() * batch.width();
        int outPlane = outHeight * outWidth;
        float[] in = batch.pixels();
        float[] out = new float[planes * outPlane];
        for (int p = 0; p < planes; p++) {
            int base = p * inPlane;
            for (int y = 0; y < outHeight; y++) {
                int top = base + rows.low[y] * batch.width();
                int bottom = base + rows.high[y] * batch.width();
                for (int x = 0; x < outWidth; x++) {
                    int l = cols.low[x];
                    int r = cols.high[x];
                    out[p * outPlane + y * outWidth + x] =
                            rows.lowWeight[y] * (cols.lowWeight[x] * in[top + l] + cols.highWeight[x] * in[top + r])
                            + rows.highWeight[y] * (cols.lowWeight[x] * in[bottom + l]
                                    + cols.highWeight[x] * in[bottom + r]);
                }
            }
        }
        return new ImageBatch(out, batch.count(), batch.channels(), outHeight, outWidth);
    }

    /** The two source indices and their weights for every output index along one axis. */
    private static final class Axis {
        final int[] low;
        final int[] high;
        final float[] lowWeight;
        final float[] highWeight;

        Axis(int in, int out) {
            low = new int[out];
            high = new int[out];
            lowWeight = new float[out];
            highWeight = new float[out];
            float scale = (float) in / out;
            for (int i = 0; i < out; i++) {
                float source = Math.max(scale * (i + 0.5f) - 0.5f, 0f);
                low[i] = (int) source;
                high[i] = low[i] < in - 1 ? low[i] + 1 : low[i];
                highWeight[i] = Math.min(source - low[i], 1f);
                lowWeight[i] = 1f - highWeight[i];
            }
        }
    }
}
