package dev.fpa.runtime.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.util.Arrays;

/** The painting strip's layout, the zoom, and animated GIFs that read back frame by frame, level for level. */
class PaintingImagesTest {
    @TempDir
    Path dir;

    @Test
    void greyFramesKeepEveryLevel() throws IOException {
        int side = 16;
        List<ImageData> frames = new ArrayList<>();
        for (int f = 0; f < 3; f++) {
            byte[] pixels = new byte[side * side];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (byte) ((i + f * 7) % 256);
            }
            frames.add(new ImageData(side, side, 1, pixels));
        }
        Path gif = dir.resolve("grey.gif");
        AnimatedGif.write(gif, frames, 100, 500);
        List<BufferedImage> read = readAll(gif);
        assertEquals(frames.size(), read.size());
        for (int f = 0; f < frames.size(); f++) {
            for (int i = 0; i < side * side; i++) {
                int rgb = read.get(f).getRGB(i % side, i / side);
                int level = frames.get(f).pixels()[i] & 0xff;
                assertEquals(level << 16 | level << 8 | level, rgb & 0xffffff, "frame " + f + " pixel " + i);
            }
        }
    }

    @Test
    void colourFramesReadBack() throws IOException {
        byte[] pixels = {(byte) 255, 0, 0, 0, (byte) 255, 0, 0, 0, (byte) 255, 10, 20, 30};
        Path gif = dir.resolve("rgb.gif");
        AnimatedGif.write(gif, List.of(new ImageData(2, 2, 3, pixels)), 50, 50);
        BufferedImage image = readAll(gif).get(0);
        assertEquals(0xff0000, image.getRGB(0, 0) & 0xffffff);
        assertEquals(0x0a141e, image.getRGB(1, 1) & 0xffffff);
    }

    @Test
    void stripHasTheUpdatesOnTopAndThePartialImagesBelow() {
        int frames = 6;
        int side = 4;
        float[] values = new float[frames * side * side];
        for (int f = 0; f < frames; f++) {
            Arrays.fill(values, f * side * side, (f + 1) * side * side, f / 10f);
        }
        ImageData strip = PaintingStrip.render(values, frames, 1, side, PaintingStrip.EMA_PAD_VALUE);
        int cell = side + ImageGrid.PADDING;
        assertEquals(3 * cell + ImageGrid.PADDING, strip.width());
        assertEquals(2 * cell + ImageGrid.PADDING, strip.height());
        // Frame 4 (the second partial image) sits in the second column of the lower row.
        assertEquals(ImageTensors.quantise(0.4f), strip.get(cell + ImageGrid.PADDING, cell + ImageGrid.PADDING, 0));
        assertEquals(ImageTensors.quantise(PaintingStrip.EMA_PAD_VALUE), strip.get(0, 0, 0));
        List<ImageData> sequence = PaintingStrip.paintingSequence(values, frames, 1, side);
        assertEquals(3, sequence.size());
        assertEquals(ImageTensors.quantise(0.5f), sequence.get(2).get(0, 0, 0));
    }

    @Test
    void zoomRepeatsEachPixel() {
        ImageData image = new ImageData(2, 1, 1, new byte[] {1, 2});
        ImageData zoomed = ImageZoom.nearest(image, 3);
        assertEquals(6, zoomed.width());
        assertEquals(3, zoomed.height());
        assertArrayEquals(new byte[] {1, 1, 1, 2, 2, 2}, Arrays.copyOf(zoomed.pixels(), 6));
    }

    private static List<BufferedImage> readAll(Path gif) throws IOException {
        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            reader.setInput(in);
            List<BufferedImage> out = new ArrayList<>();
            for (int i = 0; i < reader.getNumImages(true); i++) {
                out.add(reader.read(i));
            }
            return out;
        } finally {
            reader.dispose();
        }
    }
}
