package dev.fpa.runtime.image;

/**
 * An 8-bit image: width × height pixels of 1 (grey), 3 (RGB) or 4 (RGBA) interleaved channels, row-major.
 * The pixel array is owned by the instance; callers must not modify it after construction.
 */
public record ImageData(int width, int height, int channels, byte[] pixels) {
    public ImageData {
        checkChannels(channels);
        if (width <= 0 || height <= 0 || pixels.length != width * height * channels) {
            throw new IllegalArgumentException("pixel buffer of " + pixels.length + " bytes does not match "
                    + width + "x" + height + "x" + channels);
        }
    }

    /** Rejects channel counts other than 1 (grey), 3 (RGB) and 4 (RGBA). */
    public static void checkChannels(int channels) {
        if (channels != 1 && channels != 3 && channels != 4) {
            throw new IllegalArgumentException("channels must be 1, 3 or 4, got " + channels);
        }
    }

    /** Sample value 0..255 at (x, y) in channel c. */
    public int get(int x, int y, int c) {
        return pixels[(y * width + x) * channels + c] & 0xff;
    }

    /** A human name for the channel layout: grey, RGB or RGBA. */
    public String mode() {
        return switch (channels) {
            case 1 -> "grey";
            case 3 -> "RGB";
            default -> "RGBA";
        };
    }
}
