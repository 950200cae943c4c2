package dev.fpa.runtime.image;

/**
 * Channel conversions with PIL's rules, since the official data pipeline converts with {@code Image.convert}:
 * RGB to grey uses ITU-R 601-2 luma in PIL's fixed point, RGBA to RGB drops alpha (no compositing),
 * grey to RGB repeats the value.
 */
public final class ImageChannels {
    private ImageChannels() {
    }

    public static ImageData convert(ImageData image, int channels) {
        if (image.channels() == channels) {
            return image;
        }
        int n = image.width() * image.height();
        int from = image.channels();
        byte[] src = image.pixels();
        byte[] out = new byte[n * channels];
        for (int i = 0; i < n; i++) {
            int s = i * from;
            int r = src[s] & 0xff;
            int g = from == 1 ? r : src[s + 1] & 0xff;
            int b = from == 1 ? r : src[s + 2] & 0xff;
            int a = from == 4 ? src[s + 3] & 0xff : 255;
            int d = i * channels;
            if (channels == 1) {
                out[d] = (byte) luma(r, g, b);
            } else {
                out[d] = (byte) r;
                out[d + 1] = (byte) g;
                out[d + 2] = (byte) b;
                if (channels == 4) {
                    out[d + 3] = (byte) a;
                }
            }
        }
        return new ImageData(image.width(), image.height(), channels, out);
    }

    /** PIL's L = R·299/1000 + G·587/1000 + B·114/1000, in its 16-bit fixed point with rounding. */
    static int luma(int r, int g, int b) {
        return (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
    }
}
