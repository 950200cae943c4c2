package dev.fpa.runtime.image;

import java.util.Locale;

/**
 * The most pixels an image may have to be decoded. A PNG header can claim up to 2³¹−1 × 2³¹−1 pixels and a JPEG
 * header 65535 × 65535, and decoders allocate for the claim before they read a pixel, so a file of 74 bytes could
 * cost gigabytes; {@link ImageDecoder} compares the header with this limit first.
 */
public record PixelLimit(long pixels) {
    /** The highest limit: the RGBA bytes of an image with more pixels do not fit in one array. */
    public static final long HIGHEST = Integer.MAX_VALUE / 4;

    /**
     * 64 megapixels (8000 × 8000): above the photos of a high-end camera, and decoding one still fits in about
     * 0.6 GB (a 4-byte colour value per pixel, plus the inflated rows and the result).
     */
    public static final PixelLimit DEFAULT = megapixels(64);

    public PixelLimit {
        if (pixels < 1 || pixels > HIGHEST) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "the pixel limit must be from 1 to %,d pixels, got %,d", HIGHEST, pixels));
        }
    }

    /** A limit of {@code megapixels} million pixels, from 1 to 536. */
    public static PixelLimit megapixels(long megapixels) {
        if (megapixels < 1 || megapixels > HIGHEST / 1_000_000) {
            throw new IllegalArgumentException("the pixel limit must be from 1 to " + HIGHEST / 1_000_000
                    + " megapixels, got " + megapixels);
        }
        return new PixelLimit(megapixels * 1_000_000);
    }

    /** Refuses an image whose header claims more pixels than the limit. */
    void check(ImageHeader header) throws ImageTooLargeException {
        if (header.pixels() > pixels) {
            throw new ImageTooLargeException(header.width() + "×" + header.height() + " pixels exceeds the limit of "
                    + this + " (raise it with --max-pixels)");
        }
    }

    /** "64 megapixels", or the exact count when it is not a whole number of megapixels. */
    @Override
    public String toString() {
        if (pixels % 1_000_000 != 0) {
            return String.format(Locale.ROOT, "%,d pixels", pixels);
        }
        return pixels / 1_000_000 + (pixels == 1_000_000 ? " megapixel" : " megapixels");
    }
}
