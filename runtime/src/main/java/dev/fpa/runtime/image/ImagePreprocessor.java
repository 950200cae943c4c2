package dev.fpa.runtime.image;

/**
 * The official data preprocessing (DESIGN.md §7.4): convert to the requested channels, upscale when the longer side
 * is below the target, resize the shorter side to the target with Pillow's antialiased bilinear filter, then
 * crop the centre square. The same steps make training batches and FID reference sets.
 */
public final class ImagePreprocessor {
    private final int size;
    private final int channels;

    public ImagePreprocessor(int size, int channels) {
        if (size <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + size);
        }
        this.size = size;
        ImageData.checkChannels(channels);
        this.channels = channels;
    }

    public ImageData apply(ImageData image) {
        ImageData x = ImageChannels.convert(image, channels);
        if (Math.max(x.width(), x.height()) < size) {
            x = PilResize.resizeShorterSide(x, size);
        }
        x = PilResize.resizeShorterSide(x, size);
        return centerCrop(x, size);
    }

    public int size() {
        return size;
    }

    public int channels() {
        return channels;
    }

    /** torchvision's CenterCrop: offsets round half to even, as Python's round() does. */
    static ImageData centerCrop(ImageData image, int side) {
        int top = (int) Math.rint((image.height() - side) / 2.0);
        int left = (int) Math.rint((image.width() - side) / 2.0);
        if (top == 0 && left == 0 && image.width() == side && image.height() == side) {
            return image;
        }
        int c = image.channels();
        byte[] out = new byte[side * side * c];
        for (int y = 0; y < side; y++) {
            System.arraycopy(image.pixels(), ((top + y) * image.width() + left) * c, out, y * side * c, side * c);
        }
        return new ImageData(side, side, c, out);
    }
}
