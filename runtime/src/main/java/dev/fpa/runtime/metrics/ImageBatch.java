package dev.fpa.runtime.metrics;

import dev.fpa.runtime.image.ImageData;
import dev.fpa.runtime.image.ImageTensors;
import java.util.List;

/**
 * Images of one size as a float NCHW tensor with values in [0, 1]: what generators emit and feature extractors
 * take. The pixel array is owned by the instance; callers must not modify it.
 */
public record ImageBatch(float[] pixels, int count, int channels, int height, int width) {
    public ImageBatch {
        ImageData.checkChannels(channels);
        if (count < 0 || height <= 0 || width <= 0
                || pixels.length != (long) count * channels * height * width) {
            throw new IllegalArgumentException(pixels.length + " values do not make " + count + " images of "
                    + channels + "x" + height + "x" + width);
        }
    }

    /** Stacks 8-bit images of equal size and channels as v/255, as torchvision's ToTensor does. */
    public static ImageBatch of(List<ImageData> images) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("an image batch needs at least one image");
        }
        ImageData first = images.get(0);
        int size = first.channels() * first.height() * first.width();
        float[] pixels = new float[images.size() * size];
        for (int i = 0; i < images.size(); i++) {
            ImageData image = images.get(i);
            if (image.width() != first.width() || image.height() != first.height()
                    || image.channels() != first.channels()) {
                throw new IllegalArgumentException("images in a batch must share size and channels: "
                        + image.width() + "x" + image.height() + " " + image.mode() + " after "
                        + first.width() + "x" + first.height() + " " + first.mode());
            }
            System.arraycopy(ImageTensors.toTensor(image), 0, pixels, i * size, size);
        }
        return new ImageBatch(pixels, images.size(), first.channels(), first.height(), first.width());
    }

    /** Values per image. */
    public int imageSize() {
        return channels * height * width;
    }

    /**
     * The batch with another channel count, by PIL's {@code convert("RGB")} rules that pytorch-fid applies:
     * grey is repeated, alpha is dropped (not composited). Only conversions to RGB are defined.
     */
    /** Images {@code start … start+n−1} as a batch of their own (a copy). */
    public ImageBatch slice(int start, int n) {
        if (start < 0 || n < 0 || start + n > count) {
            throw new IllegalArgumentException("images " + start + "+" + n + " are not within a batch of " + count);
        }
        int per = imageSize();
        float[] part = new float[n * per];
        System.arraycopy(pixels, start * per, part, 0, part.length);
        return new ImageBatch(part, n, channels, height, width);
    }

    public ImageBatch withChannels(int target) {
        if (target == channels) {
            return this;
        }
        if (target != 3) {
            throw new IllegalArgumentException("cannot convert " + channels + "-channel images to " + target
                    + " channels (only grey or RGBA to RGB)");
        }
        int plane = height * width;
        float[] out = new float[count * 3 * plane];
        for (int i = 0; i < count; i++) {
            for (int c = 0; c < 3; c++) {
                int from = channels == 1 ? 0 : c;
                System.arraycopy(pixels, (i * channels + from) * plane, out, (i * 3 + c) * plane, plane);
            }
        }
        return new ImageBatch(out, count, 3, height, width);
    }
}
