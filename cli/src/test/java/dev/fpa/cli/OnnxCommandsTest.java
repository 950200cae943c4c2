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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fpa export, then fpa generate --model, paint and interpolate on ONNX Runtime, from an official checkpoint. */
class OnnxCommandsTest {
    private static final Path FIXTURES = TestData.official();
    private static final String SET = "v2_grey32";
    /** The official generator as torch.onnx exports it, which the bench ships as its anchor. */
    private static final Path ANCHOR = Path.of("src/main/resources/dev/fpa/cli/bench/small_v2_torch_export.onnx");
    /** The set's image side and painting steps. */
    private static final int SIZE = 32;
    private static final int STEPS = 16;
    /** make_grid's cell: the image and its padding. */
    private static final int CELL = SIZE + 2;

    @TempDir
    Path dir;

    private final CliRunner fpa = new CliRunner();

    private Path export(String name, String... extra) {
        Path model = dir.resolve(name + ".onnx");
        String[] base = {"export", FIXTURES.resolve(SET + "/model_0.pt").toString(), "--config",
                FIXTURES.resolve(SET + "/manifest.json").toString(), "--out", model.toString()};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        assertEquals(0, fpa.run(args), fpa.err());
        return model;
    }

    @Test
    void exportedModelGeneratesTheOfficialImagesAndFrames() throws Exception {
        Path triton = dir.resolve("triton");
        Path model = export("painter", "--frames", "--triton", triton.toString(), "--max-batch-size", "32");
        String config = Files.readString(triton.resolve("painter/config.pbtxt"));
        assertTrue(config.contains("platform: \"onnxruntime_onnx\"") && config.contains("max_batch_size: 32")
                && config.contains("name: \"frames\"") && config.contains("dims: [ 64 ]"), config);
        assertArrayEquals(Files.readAllBytes(model), Files.readAllBytes(triton.resolve("painter/1/model.onnx")));

        Map<String, NdArray> io = Npz.read(FIXTURES.resolve(SET + "/io.npz"));
        Path z = dir.resolve("z.npy");
        Npy.write(z, io.get("z"));
        Path raw = dir.resolve("raw.npy");
        Path steps = dir.resolve("steps.npy");
        Path grid = dir.resolve("grid.png");
        assertEquals(0, fpa.run("generate", "--model", model.toString(), "--latents", z.toString(), "--save-npy",
                raw.toString(), "--steps-npy", steps.toString(), "--grid", grid.toString(), "--batch-size", "3",
                "--device", "cpu"), fpa.err());
        assertTrue(fpa.out().contains("ONNX Runtime"), fpa.out());
        assertClose(io.get("GE_out"), Npy.read(raw), 1e-5);
        assertClose(io.get("GE_steps"), Npy.read(steps), 1e-5);
        assertEquals(8 * CELL + 2, ImageDecoder.read(grid).width());

        Path strip = dir.resolve("strip.png");
        Path gif = dir.resolve("paint.gif");
        assertEquals(0, fpa.run("paint", "--model", model.toString(), "--seed", "3", "--out", strip.toString(),
                "--gif", gif.toString(), "--device", "cpu"), fpa.err());
        ImageData figure = ImageDecoder.read(strip);
        assertEquals(STEPS * CELL + 2, figure.width());
        assertEquals(2 * CELL + 2, figure.height());
        assertEquals(STEPS, gifFrames(gif));

        Path walk = dir.resolve("walk.gif");
        Path walkGrid = dir.resolve("walk.png");
        assertEquals(0, fpa.run("interpolate", "--model", model.toString(), "--seeds", "1,2,3", "--frames", "4",
                "--out", walk.toString(), "--grid", walkGrid.toString(), "--zoom", "2", "--device", "cpu"), fpa.err());
        assertEquals(2 * 4 + 1, gifFrames(walk));
        assertEquals(4 * CELL + 2, ImageDecoder.read(walkGrid).width());
    }

    @Test
    void sameImagesOnBothEnginesAndClearErrors() throws Exception {
        Path ckpt = dir.resolve("painter.fpa");
        assertEquals(0, fpa.run("import", FIXTURES.resolve(SET + "/model_0.pt").toString(), "--out", ckpt.toString(),
                "--config", FIXTURES.resolve(SET + "/manifest.json").toString()), fpa.err());
        Path model = dir.resolve("from-checkpoint.onnx");
        assertEquals(0, fpa.run("export", ckpt.toString(), "--out", model.toString(), "--use", "g"), fpa.err());
        Path onnx = dir.resolve("onnx.npy");
        Path djl = dir.resolve("djl.npy");
        assertEquals(0, fpa.run("generate", "--model", model.toUri().toString(), "--seeds", "1-5", "--save-npy",
                onnx.toString()), fpa.err());
        // a CPU build on the CPU says nothing on stderr
        assertEquals("", fpa.err());
        assertEquals(0, fpa.run("generate", "--checkpoint", ckpt.toString(), "--use", "g", "--seeds", "1-5",
                "--save-npy", djl.toString()), fpa.err());
        assertClose(Npy.read(djl), Npy.read(onnx), 1e-5);

        assertEquals(1, fpa.run("paint", "--model", model.toString(), "--out", dir.resolve("s.png").toString()));
        assertTrue(fpa.err().contains("--frames"), fpa.err());
        assertEquals(2, fpa.run("generate", "--model", model.toString(), "--checkpoint", ckpt.toString(), "--grid",
                dir.resolve("g.png").toString()));
        // Without a model, the built-in zoo's default painter generates.
        assertEquals(0, fpa.run("generate", "--seeds", "0-3", "--grid", dir.resolve("g.png").toString(), "--device",
                "cpu"), fpa.err());
        assertTrue(fpa.out().contains("generated 4 images"), fpa.out());
        assertEquals(1, fpa.run("generate", "--model", model.toString(), "--grid", dir.resolve("g.png").toString(),
                "--device", "cuda:1"));
        assertTrue(fpa.err().contains("CUDA"), fpa.err());
        assertEquals(1, fpa.run("generate", "--model", ANCHOR.toString(), "--grid", dir.resolve("g.png").toString(),
                "--device", "cpu"));
        assertTrue(fpa.err().contains("not an fpa generator"), fpa.err());
        assertEquals(1, fpa.run("generate", "--model", "zoo:nothing-here", "--grid", dir.resolve("g.png").toString()));
        assertTrue(fpa.err().contains("no zoo model named 'nothing-here'"), fpa.err());
    }

    @Test
    void benchTimesBothEnginesAndTheAnchor() {
        assertEquals(0, fpa.run("bench", "generate", "--engine", "onnx,djl", "--config", "small", "--batch", "4",
                "--repeats", "1", "--warmup", "0", "--device", "cpu", "--anchor"), fpa.err());
        for (String engine : new String[] {"onnx", "anchor", "djl"}) {
            assertTrue(fpa.out().contains("generate engine=" + engine + " config=small batch=4"), fpa.out());
        }
    }

    private static int gifFrames(Path gif) throws IOException {
        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            reader.setInput(in);
            return reader.getNumImages(true);
        } finally {
            reader.dispose();
        }
    }

    private static void assertClose(NdArray expected, NdArray actual, double tolerance) {
        assertArrayEquals(expected.shape(), actual.shape());
        float[] e = expected.toFloatArray();
        float[] a = actual.toFloatArray();
        double max = 0;
        for (int i = 0; i < e.length; i++) {
            max = Math.max(max, Math.abs(e[i] - a[i]));
        }
        assertTrue(max <= tolerance, "max abs error " + max);
    }
}
