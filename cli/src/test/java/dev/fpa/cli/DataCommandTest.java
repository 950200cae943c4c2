package dev.fpa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fpa.runtime.image.ImageData;
import dev.fpa.runtime.image.ImageDecoder;
import dev.fpa.runtime.image.ImageEncoder;
import dev.fpa.runtime.testing.TestData;
import dev.fpa.trainer.data.IdxImageSource;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataCommandTest {
    private static final Path FMNIST = TestData.fashionMnistSubset();

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int fpa(String... args) {
        return FpaCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void previewOfFashionMnistIsAGridOfPaddedGarments() throws Exception {
        Path grid = dir.resolve("grid.png");
        assertEquals(0, fpa("data", "preview", FMNIST.toString(), "--out", grid.toString(), "--num", "16",
                "--cache-dir", dir.resolve("cache").toString()), err.toString());
        ImageData g = ImageDecoder.read(grid);
        // 4x4 cells of 32 px with padding 2: 4*34 + 2
        assertEquals(138, g.width());
        assertEquals(138, g.height());
        // Every cell holds some Fashion-MNIST image: its 28x28 centre matches one raw training image exactly.
        IdxImageSource raw = IdxImageSource.open(FMNIST, "train");
        int cellX = 2 + 2; // first cell at padding 2, then 2 rows/cols of black padding from --fit pad
        boolean found = false;
        for (int i = 0; i < raw.count() && !found; i++) {
            ImageData r = raw.read(i);
            found = true;
            for (int y = 0; y < 28 && found; y++) {
                for (int x = 0; x < 28 && found; x++) {
                    found = r.get(x, y, 0) == g.get(cellX + x, cellX + y, 0);
                }
            }
        }
        assertTrue(found, "the first grid cell is not a Fashion-MNIST training image");
        assertTrue(out.toString().contains("16 of 2000"), out.toString());
    }

    @Test
    void infoCountsAFolderAndNamesTheCorruptFile() throws Exception {
        Path data = Files.createDirectories(dir.resolve("imgs"));
        ImageEncoder.writePng(data.resolve("a.png"), new ImageData(3, 2, 3, new byte[18]));
        ImageEncoder.writePng(data.resolve("b.png"), new ImageData(3, 2, 3, new byte[18]));
        Files.writeString(data.resolve("c.jpeg"), "broken");
        assertEquals(0, fpa("data", "info", data.toString()), err.toString());
        String text = out.toString();
        assertTrue(text.contains("2 readable of 3"), text);
        assertTrue(text.contains("3x2 (2)"), text);
        assertTrue(text.contains("c.jpeg"), text);
    }

    @Test
    void errorsAreOneLineWithExitCodes() {
        assertEquals(1, fpa("data", "preview", dir.resolve("missing").toString(), "--out", "x.png"));
        String e = err.toString().trim();
        assertTrue(e.startsWith("fpa: error: ") && e.contains("no such file"), e);
        assertEquals(1, e.lines().count(), e);
        assertFalse(e.contains("at dev.fpa"), e);

        err.getBuffer().setLength(0);
        assertEquals(2, fpa("data", "preview", FMNIST.toString(), "--out", "x.png", "--fit", "stretch"));
        assertTrue(err.toString().contains("--fit"), err.toString());

        err.getBuffer().setLength(0);
        assertEquals(1, fpa("data", "preview", dir.resolve("missing").toString(), "--out", "x.png", "--verbose"));
        assertTrue(err.toString().contains("at dev.fpa"), "--verbose shows the stack trace");
    }

    @Test
    void helpAndVersion() {
        assertEquals(0, fpa("--version"));
        assertTrue(out.toString().startsWith("fpa "), out.toString());
        assertEquals(0, fpa("data", "preview", "--help"));
        assertTrue(out.toString().contains("--num"), out.toString());
    }
}
