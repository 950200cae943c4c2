package dev.fpa.runtime.image;

/**
 * Conversions between 8-bit images and float CHW tensors in [0,1], with the official quantisation:
 * a value x becomes floor(clamp(x·255 + 0.5, 0, 255)), as torchvision's save_image does.
 */
public final class ImageTensors {
    private ImageTensors() {
    }

    /** CHW floats v/255 of an image. */
    public static float[] toTensor(ImageData image) {
        int c = image.channels();
        int hw = image.width() * image.height();
        byte[] p = image.pixels();
        float[] out = new float[c * hw];
        for (int i = 0; i < hw; i++) {
            for (int ch = 0; ch < c; ch++) {
                out[ch * hw + i] = (p[i * c + ch] & 0xff) / 255f;
            }
        }
        return out;
    }

    /** The image at {@code offset} of a CHW (or NCHW) float buffer; NaN becomes 0. */
    public static ImageData fromTensor(float[] data, int offset, int channels, int height, int width) {
        int hw = height * width;
        byte[] p = new byte[channels * hw];
        for (int ch = 0; ch < channels; ch++) {
            for (int i = 0; i < hw; i++) {
                p[i * channels + ch] = (byte) quantise(data[offset + ch * hw + i]);
            }
        }
        return new ImageData(width, height, channels, p);
    }

    /** floor(clamp(x·255 + 0.5, 0, 255)) in float arithmetic, as torch computes it. */
    public static int quantise(float x) {
        float v = x * 255f + 0.5f;
        if (!(v > 0f)) {
            return 0;
        }
        return v >= 255f ? 255 : (int) v;
    }
}
