package dev.fpa.runtime.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fpa.runtime.array.NdArray;
import dev.fpa.runtime.array.Npz;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pixel-exact agreement with Pillow 9.4 (reference arrays written by Pillow itself, see the resource folder). */
class PilResizeTest {
    private static final Path DIR = Path.of("src/test/resources/pil");

    @Test
    void conversionsAndResizesMatchPillowExactly() throws Exception {
        ImageData source = ImageDecoder.read(DIR.resolve("source_rgba.png"));
        assertEquals(4, source.channels());
        Map<String, NdArray> ref = Npz.read(DIR.resolve("pil_resize_reference.npz"));
        int checked = 0;
        for (Map.Entry<String, NdArray> e : ref.entrySet()) {
            String[] parts = e.getKey().split("_");
            int channels = switch (parts[0]) {
                case "L" -> 1;
                case "RGB" -> 3;
                default -> 4;
            };
            ImageData converted = ImageChannels.convert(source, channels);
            ImageData actual = converted;
            if (!parts[1].equals("convert")) {
                String[] wh = parts[1].split("x");
                actual = PilResize.resize(converted, Integer.parseInt(wh[0]), Integer.parseInt(wh[1]));
            }
            NdArray expected = e.getValue();
            assertEquals(expected.dim(0), actual.height(), e.getKey());
            assertEquals(expected.dim(1), actual.width(), e.getKey());
            assertArrayEquals(expected.bytes(), actual.pixels(), e.getKey());
            checked++;
        }
        assertEquals(18, checked);
    }

    @Test
    void shorterSideResizeKeepsAspectLikeTorchvision() {
        ImageData celebA = new ImageData(178, 218, 3, new byte[178 * 218 * 3]);
        ImageData resized = PilResize.resizeShorterSide(celebA, 64);
        assertEquals(64, resized.width());
        assertEquals(78, resized.height());
        ImageData cropped = new ImagePreprocessor(64, 3).apply(celebA);
        assertEquals(64, cropped.width());
        assertEquals(64, cropped.height());
    }

    @Test
    void centerCropRoundsHalfToEvenLikePython() {
        byte[] px = new byte[3 * 7];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) i;
        }
        // 7 rows, crop 4: (7-4)/2 = 1.5 rounds to 2 in Python; 3 columns, crop... keep width 3 -> side must match
        ImageData tall = new ImageData(3, 7, 1, px);
        ImageData crop = ImagePreprocessor.centerCrop(new ImageData(3, 7, 1, px), 3);
        // (7-3)/2 = 2 -> rows 2..4
        assertEquals(6, crop.get(0, 0, 0));
        ImageData odd = ImagePreprocessor.centerCrop(new ImageData(1, 6, 1, new byte[] {0, 1, 2, 3, 4, 5}), 1);
        // (6-1)/2 = 2.5 rounds to 2 (half to even)
        assertEquals(2, odd.get(0, 0, 0));
        assertEquals(3, tall.width());
    }
}
