package dev.fpa.runtime.image;

/**
 * Antialiased bilinear resize that reproduces Pillow's {@code Image.resize(size, BILINEAR)} bit for bit,
 * because the official data pipeline (torchvision's Resize on PIL images) produces the training images and
 * FID reference sets with it. No Java imaging library implements Pillow's convolution resampler:
 * a triangle filter widened by the scale factor when shrinking, coefficients normalised per output pixel and
 * held in 22-bit fixed point, a horizontal pass rounded to 8 bits, then a vertical pass.
 * RGBA is resized premultiplied by alpha, as Pillow does.
 */
public final class PilResize {
    private static final int PRECISION_BITS = 32 - 8 - 2;

    private PilResize() {
    }

    public static ImageData resize(ImageData image, int width, int height) {
        if (width == image.width() && height == image.height()) {
            return image;
        }
        boolean alpha = image.channels() == 4;
        ImageData src = alpha ? premultiply(image) : image;
        Axis horizontal = new Axis(src.width(), width);
        Axis vertical = new Axis(src.height(), height);
        int c = src.channels();
        byte[] data = src.pixels();
        int rows = src.height();
        int firstRow = 0;
        if (width != src.width()) {
            // Like Pillow, the horizontal pass covers only the source rows the vertical pass will read.
            firstRow = vertical.start[0];
            int lastRow = vertical.start[height - 1] + vertical.length[height - 1];
            rows = lastRow - firstRow;
            data = horizontalPass(data, src.width(), c, firstRow, rows, horizontal);
        }
        if (height != src.height()) {
            data = verticalPass(data, width, c, firstRow, vertical);
            rows = height;
        }
        ImageData out = new ImageData(width, rows, c, data);
        return alpha ? unpremultiply(out) : out;
    }

    /** Shorter side to {@code size}, longer side scaled and truncated, as torchvision's Resize(int). */
    public static ImageData resizeShorterSide(ImageData image, int size) {
        int w = image.width();
        int h = image.height();
        if (w <= h) {
            return resize(image, size, (int) ((long) size * h / w));
        }
        return resize(image, (int) ((long) size * w / h), size);
    }

    private static byte[] horizontalPass(byte[] in, int inWidth, int c, int firstRow, int rows, Axis axis) {
        int outWidth = axis.start.length;
        byte[] out = new byte[outWidth * rows * c];
        for (int y = 0; y < rows; y++) {
            int rowBase = (y + firstRow) * inWidth;
            for (int x = 0; x < outWidth; x++) {
                int start = axis.start[x];
                int len = axis.length[x];
                int kBase = x * axis.kernelSize;
                for (int ch = 0; ch < c; ch++) {
                    int sum = 1 << (PRECISION_BITS - 1);
                    for (int i = 0; i < len; i++) {
                        sum += (in[(rowBase + start + i) * c + ch] & 0xff) * axis.weights[kBase + i];
                    }
                    out[(y * outWidth + x) * c + ch] = clip8(sum);
                }
            }
        }
        return out;
    }

    private static byte[] verticalPass(byte[] in, int width, int c, int firstRow, Axis axis) {
        int outHeight = axis.start.length;
        byte[] out = new byte[width * outHeight * c];
        for (int y = 0; y < outHeight; y++) {
            int start = axis.start[y] - firstRow;
            int len = axis.length[y];
            int kBase = y * axis.kernelSize;
            for (int x = 0; x < width; x++) {
                for (int ch = 0; ch < c; ch++) {
                    int sum = 1 << (PRECISION_BITS - 1);
                    for (int i = 0; i < len; i++) {
                        sum += (in[((start + i) * width + x) * c + ch] & 0xff) * axis.weights[kBase + i];
                    }
                    out[(y * width + x) * c + ch] = clip8(sum);
                }
            }
        }
        return out;
    }

    private static byte clip8(int v) {
        if (v >= (1 << PRECISION_BITS << 8)) {
            return (byte) 255;
        }
        if (v <= 0) {
            return 0;
        }
        return (byte) (v >> PRECISION_BITS);
    }

    /** Pillow's RGBA to RGBa: colour scaled by alpha/255 with rounding. */
    private static ImageData premultiply(ImageData image) {
        byte[] p = image.pixels().clone();
        for (int i = 0; i < p.length; i += 4) {
            int a = p[i + 3] & 0xff;
            for (int ch = 0; ch < 3; ch++) {
                int t = (p[i + ch] & 0xff) * a + 128;
                p[i + ch] = (byte) (((t >> 8) + t) >> 8);
            }
        }
        return new ImageData(image.width(), image.height(), 4, p);
    }

    /** Pillow's RGBa to RGBA: colour·255/alpha, clipped; left alone at alpha 0 and 255. */
    private static ImageData unpremultiply(ImageData image) {
        byte[] p = image.pixels().clone();
        for (int i = 0; i < p.length; i += 4) {
            int a = p[i + 3] & 0xff;
            if (a != 0 && a != 255) {
                for (int ch = 0; ch < 3; ch++) {
                    p[i + ch] = (byte) Math.min(255, 255 * (p[i + ch] & 0xff) / a);
                }
            }
        }
        return new ImageData(image.width(), image.height(), 4, p);
    }

    /** Pillow's precomputed filter taps for one axis: per output pixel a source start, a tap count and weights. */
    private static final class Axis {
        final int[] start;
        final int[] length;
        final int[] weights;
        final int kernelSize;

        Axis(int inSize, int outSize) {
            double scale = (double) inSize / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = filterScale; // the bilinear (triangle) filter has support 1
            kernelSize = (int) Math.ceil(support) * 2 + 1;
            start = new int[outSize];
            length = new int[outSize];
            weights = new int[outSize * kernelSize];
            double[] k = new double[kernelSize];
            for (int xx = 0; xx < outSize; xx++) {
                double center = (xx + 0.5) * scale;
                int xmin = Math.max((int) (center - support + 0.5), 0);
                int xmax = Math.min((int) (center + support + 0.5), inSize) - xmin;
                double total = 0;
                double inverseScale = 1.0 / filterScale; // multiplied, not divided, to round as Pillow does
                for (int x = 0; x < xmax; x++) {
                    k[x] = triangle((x + xmin - center + 0.5) * inverseScale);
                    total += k[x];
                }
                for (int x = 0; x < xmax; x++) {
                    double w = total != 0.0 ? k[x] / total : k[x];
                    weights[xx * kernelSize + x] = (int) (w < 0 ? -0.5 + w * (1 << PRECISION_BITS)
                            : 0.5 + w * (1 << PRECISION_BITS));
                }
                start[xx] = xmin;
                length[xx] = xmax;
            }
        }

        private static double triangle(double x) {
            double a = Math.abs(x);
            return a < 1.0 ? 1.0 - a : 0.0;
        }
    }
}
