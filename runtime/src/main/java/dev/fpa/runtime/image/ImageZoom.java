package dev.fpa.runtime.image;

/** Nearest-neighbour enlargement by a whole factor, so that 32×32 paintings can be looked at; no new values appear. */
public final class ImageZoom {
    private ImageZoom() {
    }

    public static ImageData nearest(ImageData image, int factor) {
        if (factor < 1) {
            throw new IllegalArgumentException("zoom factor must be at least 1, got " + factor);
        }
        if (factor == 1) {
            return image;
        }
        int c = image.channels();
        int w = image.width() * factor;
        int h = image.height() * factor;
        byte[] src = image.pixels();
        byte[] out = new byte[w * h * c];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                System.arraycopy(src, ((y / factor) * image.width() + x / factor) * c, out, (y * w + x) * c, c);
            }
        }
        return new ImageData(w, h, c, out);
    }
}
