package dev.fpa.runtime.metrics;

import dev.fpa.runtime.image.ImageData;
import dev.fpa.runtime.image.ImageDecoder;
import dev.fpa.runtime.image.ImageEncoder;
import dev.fpa.runtime.image.ImageFileFormat;
import dev.fpa.runtime.image.ImageTensors;
import java.io.IOException;

/**
 * Turns generated images into what they would be after being saved in the reference set's format and read back,
 * without touching the disk. The official FID protocol (DESIGN.md §8) saves generated images exactly like the real
 * ones: clamped, quantised to 8 bits, and for JPEG references encoded at Pillow's default quality 75. Skipping
 * any step makes FID against the stored reference statistics incomparable with the paper's.
 */
public final class SavedImageRoundTrip {
    private final ImageFileFormat format;

    public SavedImageRoundTrip(ImageFileFormat format) {
        this.format = format;
    }

    /** The batch after clamping, uint8 quantisation and, for JPEG, encoding and decoding; same shape. */
    public ImageBatch apply(ImageBatch generated) throws IOException {
        if (format == ImageFileFormat.JPEG && generated.channels() == 4) {
            throw new IllegalArgumentException("JPEG cannot store transparency: compare RGBA images with PNG"
                    + " references");
        }
        int size = generated.imageSize();
        float[] out = new float[generated.pixels().length];
        for (int i = 0; i < generated.count(); i++) {
            ImageData saved = ImageTensors.fromTensor(generated.pixels(), i * size, generated.channels(),
                    generated.height(), generated.width());
            if (format == ImageFileFormat.JPEG) {
                saved = ImageDecoder.decode(ImageEncoder.encodeJpeg(saved, ImageEncoder.DEFAULT_JPEG_QUALITY));
            }
            System.arraycopy(ImageTensors.toTensor(saved), 0, out, i * size, size);
        }
        return new ImageBatch(out, generated.count(), generated.channels(), generated.height(), generated.width());
    }
}
