package dev.fpa.trainer.data;

import dev.fpa.runtime.image.ImageChannels;
import dev.fpa.runtime.image.ImageData;
import dev.fpa.runtime.image.ImagePreprocessor;

/** How a raw image becomes a square training image of the requested side and channels. */
public enum ImageFit {
    /**
     * The official pipeline (DESIGN.md §7.4): resize the shorter side with Pillow's bilinear filter, crop the centre.
     */
    CROP,
    /**
     * Centre the image on a black square without resampling; keeps Fashion-MNIST's 28×28 strokes sharp at 32×32.
     * Images larger than the target fall back to {@link #CROP}.
     */
    PAD;

    /** PAD for IDX digits-like data that fits, CROP otherwise. */
    public static ImageFit defaultFor(boolean idx, int rawSide, int size) {
        return idx && rawSide <= size ? PAD : CROP;
    }

    public ImageData apply(ImageData image, int size, int channels) {
        if (this == CROP || image.width() > size || image.height() > size) {
            return new ImagePreprocessor(size, channels).apply(image);
        }
        ImageData x = ImageChannels.convert(image, channels);
        byte[] out = new byte[size * size * channels];
        int top = (size - x.height()) / 2;
        int left = (size - x.width()) / 2;
        for (int y = 0; y < x.height(); y++) {
            System.arraycopy(x.pixels(), y * x.width() * channels, out, ((top + y) * size + left) * channels,
                    x.width() * channels);
        }
        return new ImageData(size, size, channels, out);
    }
}
