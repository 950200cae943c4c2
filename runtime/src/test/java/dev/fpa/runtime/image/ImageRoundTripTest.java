package dev.fpa.runtime.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.awt.image.BufferedImage;
import javax.imageio.ImageIO;

class ImageRoundTripTest {
    @TempDir
    Path dir;

    private static ImageData random(int w, int h, int c, long seed) {
        byte[] p = new byte[w * h * c];
        new Random(seed).nextBytes(p);
        return new ImageData(w, h, c, p);
    }

    @Test
    void greyPngRoundTripIsExactForEveryLevel() throws IOException {
        byte[] p = new byte[256];
        for (int i = 0; i < 256; i++) {
            p[i] = (byte) i;
        }
        ImageData grey = new ImageData(16, 16, 1, p);
        Path f = dir.resolve("grey.png");
        ImageEncoder.writePng(f, grey);
        ImageData back = ImageDecoder.read(f);
        // written as RGB with r = g = b, so it reads back as 3 equal channels
        assertArrayEquals(p, ImageChannels.convert(back, 1).pixels());
    }

    @Test
    void rgbAndRgbaPngRoundTripsAreExact() throws IOException {
        for (int c : new int[] {3, 4}) {
            ImageData img = random(13, 9, c, c);
            Path f = dir.resolve("img" + c + ".png");
            ImageEncoder.writePng(f, img);
            ImageData back = ImageDecoder.read(f);
            assertEquals(c, back.channels());
            assertArrayEquals(img.pixels(), back.pixels());
        }
    }

    @Test
    void greyPngFromOtherToolsKeepsOneChannelAndItsLevels() throws IOException {
        // An 8-bit grey PNG written by ImageIO through the raster (no colour conversion).
        byte[] p = new byte[64];
        for (int i = 0; i < 64; i++) {
            p[i] = (byte) (i * 4);
        }
        BufferedImage b = new BufferedImage(8, 8,
                BufferedImage.TYPE_BYTE_GRAY);
        b.getRaster().setDataElements(0, 0, 8, 8, p);
        Path f = dir.resolve("g8.png");
        ImageIO.write(b, "png", f.toFile());
        ImageData back = ImageDecoder.read(f);
        assertEquals(1, back.channels());
        assertArrayEquals(p, back.pixels());
    }

    @Test
    void jpegKeepsSizeAndIsCloseAtHighQuality() throws IOException {
        ImageData smooth = gradient(32, 24);
        Path f = dir.resolve("x.jpg");
        ImageEncoder.writeJpeg(f, smooth, 95);
        ImageData back = ImageDecoder.read(f);
        assertEquals(3, back.channels());
        assertEquals(32, back.width());
        int maxDiff = 0;
        for (int i = 0; i < smooth.pixels().length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs((smooth.pixels()[i] & 0xff) - (back.pixels()[i] & 0xff)));
        }
        assertTrue(maxDiff <= 8, "max JPEG error " + maxDiff);
        ImageEncoder.writeJpeg(dir.resolve("g.jpg"), ImageChannels.convert(smooth, 1), 75);
        assertEquals(1, ImageDecoder.read(dir.resolve("g.jpg")).channels());
    }

    @Test
    void corruptAndUnknownFilesGiveOneLineErrorsNamingTheFile() throws IOException {
        Path bad = dir.resolve("broken.png");
        byte[] header = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 'I', 'H', 'D', 'R', 1, 2};
        Files.write(bad, header);
        IOException e = assertThrows(IOException.class, () -> ImageDecoder.read(bad));
        assertTrue(e.getMessage().contains("broken.png"), e.getMessage());
        Path text = dir.resolve("notes.jpg");
        Files.writeString(text, "hello");
        assertTrue(assertThrows(IOException.class, () -> ImageDecoder.read(text)).getMessage().contains("notes.jpg"));
    }

    @Test
    void tensorQuantisationFollowsSaveImage() {
        assertEquals(0, ImageTensors.quantise(-0.3f));
        assertEquals(0, ImageTensors.quantise(Float.NaN));
        assertEquals(255, ImageTensors.quantise(1.7f));
        assertEquals(128, ImageTensors.quantise(0.5f)); // 127.5 + 0.5 = 128
        assertEquals(1, ImageTensors.quantise(1 / 255f));
        ImageData img = random(5, 4, 3, 3);
        float[] t = ImageTensors.toTensor(img);
        assertArrayEquals(img.pixels(), ImageTensors.fromTensor(t, 0, 3, 4, 5).pixels());
    }

    @Test
    void gridMatchesMakeGridLayout() {
        // three 1x2x2 images, nrow 2, padding 2: grid is 2 rows x 2 cols -> H = 2*4+2 = 10, W = 10
        float[] batch = {0.1f, 0.1f, 0.1f, 0.1f, 0.5f, 0.5f, 0.5f, 0.5f, 1f, 1f, 1f, 1f};
        ImageData g = ImageGrid.tile(batch, 3, 1, 2, 2, 2, 2, 0f);
        assertEquals(10, g.width());
        assertEquals(10, g.height());
        assertEquals(ImageTensors.quantise(0.1f), g.get(2, 2, 0));
        assertEquals(128, g.get(6, 3, 0));
        assertEquals(255, g.get(3, 6, 0));
        assertEquals(0, g.get(6, 6, 0)); // empty fourth cell keeps the pad value
        assertEquals(0, g.get(0, 0, 0));
    }

    private static ImageData gradient(int w, int h) {
        byte[] p = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = (y * w + x) * 3;
                p[i] = (byte) (x * 8);
                p[i + 1] = (byte) (y * 10);
                p[i + 2] = (byte) 128;
            }
        }
        return new ImageData(w, h, 3, p);
    }
}
