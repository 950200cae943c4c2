package dev.fpa.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fpa.runtime.image.ImageData;
import dev.fpa.runtime.image.ImageDecoder;
import dev.fpa.runtime.image.ImageEncoder;
import dev.fpa.runtime.image.ImageFileFormat;
import dev.fpa.runtime.image.ImageTensors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SavedImageRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void pngClampsAndQuantisesLikeSaveImage() throws IOException {
        ImageBatch generated = new ImageBatch(new float[] {-0.5f, 0.2f, 0.50196f, 1.7f, Float.NaN, 0.999f}, 1, 1, 2, 3);
        ImageBatch saved = new SavedImageRoundTrip(ImageFileFormat.PNG).apply(generated);
        float[] expected = new float[6];
        for (int i = 0; i < 6; i++) {
            expected[i] = ImageTensors.quantise(generated.pixels()[i]) / 255f;
        }
        assertArrayEquals(expected, saved.pixels());
        assertEquals(0f, saved.pixels()[0]);
        assertEquals(1f, saved.pixels()[3]);
    }

    @Test
    void jpegChangesPixelsKeepsTheShapeAndEqualsAFileRoundTrip() throws IOException {
        for (int channels : new int[] {1, 3}) {
            ImageBatch generated = smoothNoise(2, channels, 24, 20, new Random(channels));
            ImageBatch saved = new SavedImageRoundTrip(ImageFileFormat.JPEG).apply(generated);
            ImageBatch png = new SavedImageRoundTrip(ImageFileFormat.PNG).apply(generated);
            assertEquals(List.of(2, channels, 24, 20), List.of(saved.count(), saved.channels(), saved.height(),
                    saved.width()));
            assertFalse(Arrays.equals(png.pixels(), saved.pixels()), "JPEG is lossy");
            // the second image, saved to disk as the official protocol does and read back
            ImageData quantised = ImageTensors.fromTensor(generated.pixels(), generated.imageSize(), channels, 24, 20);
            Path file = dir.resolve("x" + channels + ".jpg");
            ImageEncoder.write(file, quantised);
            float[] fromFile = ImageTensors.toTensor(ImageDecoder.read(file));
            float[] second = Arrays.copyOfRange(saved.pixels(), saved.imageSize(), 2 * saved.imageSize());
            assertArrayEquals(fromFile, second);
        }
    }

    @Test
    void jpegRefusesTransparency() {
        ImageBatch rgba = new ImageBatch(new float[4 * 4], 1, 4, 2, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SavedImageRoundTrip(ImageFileFormat.JPEG).apply(rgba));
        assertTrue(e.getMessage().contains("transparency"), e.getMessage());
    }

    private static ImageBatch smoothNoise(int count, int channels, int height, int width, Random random) {
        float[] pixels = new float[count * channels * height * width];
        for (int i = 0; i < pixels.length; i++) {
            int x = i % width;
            int y = (i / width) % height;
            pixels[i] = (float) (0.5 + 0.3 * Math.sin(x * 0.4 + y * 0.3) + 0.1 * random.nextGaussian());
        }
        return new ImageBatch(pixels, count, channels, height, width);
    }
}
