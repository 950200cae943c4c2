package dev.fpa.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fpa.runtime.array.NdArray;
import dev.fpa.runtime.array.Npy;
import dev.fpa.runtime.array.Npz;
import dev.fpa.runtime.image.ImageData;
import dev.fpa.runtime.image.ImageDecoder;
import dev.fpa.runtime.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** From an official checkpoint to images through the CLI, checked against the official outputs. */
class GenerateCommandTest {
    private static final Path FIXTURES = TestData.official();

    @TempDir
    Path dir;

    private final CliRunner fpa = new CliRunner();

    private Path importSet(String set) {
        Path ckpt = dir.resolve(set + ".fpa");
        assertEquals(0, fpa.run("import", FIXTURES.resolve(set + "/model_0.pt").toString(), "--out", ckpt.toString(),
                "--config", FIXTURES.resolve(set + "/manifest.json").toString()), fpa.err());
        return ckpt;
    }

    @ParameterizedTest
    @CsvSource({"v2_grey32_bigW, ema, GE", "v1_grey32, g, G", "v2unet_grey32_bigW, ema, GE"})
    void imagesAndFramesMatchTheOfficialCode(String set, String use, String prefix) throws Exception {
        Path ckpt = importSet(set);
        Map<String, NdArray> io = Npz.read(FIXTURES.resolve(set + "/io.npz"));
        Path z = dir.resolve("z.npy");
        Npy.write(z, io.get("z"));
        Path out = dir.resolve("out.npy");
        Path steps = dir.resolve("steps.npy");
        Path grid = dir.resolve("grid.png");
        assertEquals(0, fpa.run("generate", "--checkpoint", ckpt.toString(), "--use", use, "--latents", z.toString(),
                "--save-npy", out.toString(), "--steps-npy", steps.toString(), "--grid", grid.toString(),
                "--batch-size", "3"), fpa.err());
        double tolerance = set.contains("unet") ? 1e-4 : 1e-5;
        assertClose(io.get(prefix + "_out"), Npy.read(out), tolerance, set + " " + prefix + "_out");
        assertClose(io.get(prefix + "_steps"), Npy.read(steps), tolerance, set + " " + prefix + "_steps");
        ImageData g = ImageDecoder.read(grid);
        int n = io.get("z").dim(0);
        int cols = Math.min(8, n);
        assertEquals(cols * 34 + 2, g.width());
    }

    @Test
    void seedsAndOutDirWriteOneFilePerSample() throws Exception {
        Path ckpt = importSet("base_grey32");
        Path images = dir.resolve("imgs");
        assertEquals(0, fpa.run("generate", "--checkpoint", ckpt.toString(), "--seeds", "1-3,9",
                "--out-dir", images.toString(), "--format", "jpg"), fpa.err());
        try (var files = Files.list(images)) {
            assertEquals(4, files.count());
        }
        assertTrue(Files.exists(images.resolve("0003.jpg")));
        // The baseline does not paint: asking for frames is a one-line error.
        assertEquals(1, fpa.run("generate", "--checkpoint", ckpt.toString(), "--steps-npy",
                dir.resolve("s.npy").toString()));
        assertTrue(fpa.err().contains("does not paint"), fpa.err());
    }

    @Test
    void sameSeedSameImagesAndUsageErrors() throws Exception {
        Path ckpt = importSet("v2_grey32");
        Path a = dir.resolve("a.npy");
        Path b = dir.resolve("b.npy");
        assertEquals(0, fpa.run("generate", "--checkpoint", ckpt.toString(), "--num", "5", "--seed", "7",
                "--save-npy", a.toString()));
        assertEquals(0, fpa.run("generate", "--checkpoint", ckpt.toString(), "--num", "5", "--seed", "7",
                "--save-npy", b.toString(), "--batch-size", "2"));
        assertArrayEquals(Npy.read(a).toFloatArray(), Npy.read(b).toFloatArray(), 1e-6f);
        assertEquals(2, fpa.run("generate", "--checkpoint", ckpt.toString()));
        assertTrue(fpa.err().contains("nothing to write"), fpa.err());
        assertEquals(2, fpa.run("generate", "--checkpoint", ckpt.toString(), "--seed", "1", "--seeds", "1-2",
                "--grid", "x.png"));
        assertEquals(1, fpa.run("generate", "--checkpoint", FIXTURES.resolve("v2_grey32/model_0.pt").toString(),
                "--grid", dir.resolve("x.png").toString()));
        assertTrue(fpa.err().contains("fpa import"), fpa.err());
    }

    private static void assertClose(NdArray expected, NdArray actual, double tolerance, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what);
        float[] e = expected.toFloatArray();
        float[] a = actual.toFloatArray();
        double max = 0;
        for (int i = 0; i < e.length; i++) {
            max = Math.max(max, Math.abs(e[i] - a[i]));
        }
        System.out.printf("%s: max abs error %.3g%n", what, max);
        assertTrue(max <= tolerance, what + ": max abs error " + max);
    }
}
