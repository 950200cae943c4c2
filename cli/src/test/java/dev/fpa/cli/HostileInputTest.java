package dev.fpa.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fpa.runtime.array.NdArray;
import dev.fpa.runtime.array.Npy;
import dev.fpa.runtime.image.ImageData;
import dev.fpa.runtime.image.ImageEncoder;
import dev.fpa.runtime.testing.HostileArrays;
import dev.fpa.runtime.testing.HostileImages;
import dev.fpa.runtime.testing.HostileModels;
import dev.fpa.runtime.testing.TestData;
import dev.fpa.trainer.testing.HostilePickles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hostile and broken inputs through the real command line, each in its own JVM with a 512 MB heap: every run must
 * end within 15 s and 1 GB of resident memory, with exit code 1 or 2, at most two lines on stderr that name the
 * problem in words (no Java class names), and without overwriting anything.
 */
class HostileInputTest {
    private static final double SECONDS = 15;
    private static final long MEGABYTES = 1024;
    private static final Pattern JAVA_CLASS_NAME = Pattern.compile("\\b[A-Z]\\w*(Exception|Error)\\b|\\bat [a-z]+\\.");
    private static final int FEATURE_DIM = 128;

    @TempDir
    Path dir;

    private ForkedCli fpa;

    @BeforeEach
    void fork() {
        fpa = new ForkedCli(dir);
    }

    @Test
    void picklesThatWouldExplodeAreRefusedQuickly() throws Exception {
        refused(fpa.run("import", HostilePickles.memoTupleBomb(dir.resolve("bomb.pt")).toString(), "--out", "a.fpa"),
                "bomb.pt");
        refused(fpa.run("import", HostilePickles.markFlood(dir.resolve("marks.pt")).toString(), "--out", "a.fpa"),
                "marks.pt");
        refused(fpa.run("import", HostilePickles.endlessLine(dir.resolve("line.pt")).toString(), "--out", "a.fpa"),
                "line.pt");
        refused(fpa.run("import", HostilePickles.cyclicStorageArgument(dir.resolve("cycle.pt")).toString(), "--out",
                "a.fpa"), "cycle.pt");
        refused(fpa.run("import", HostilePickles.deepStorageArgument(dir.resolve("deep.pt")).toString(), "--out",
                "a.fpa"), "deep.pt");
        assertFalse(Files.exists(dir.resolve("a.fpa")));
    }

    @Test
    void aCorruptedCheckpointIsRefusedWhenLoaded() throws Exception {
        Path ckpt = dir.resolve("p.fpa");
        ForkedCli.Result imported = fpa.run("import", official("v2_grey32/model_0.pt"), "--config",
                official("v2_grey32/manifest.json"), "--out", ckpt.toString());
        assertEquals(0, imported.exitCode(), imported.toString());
        String entry = HostilePickles.flipByteInTensor(ckpt);
        refused(fpa.run("generate", "--checkpoint", ckpt.toString(), "--use", "g", "--grid", "g.png"), entry);
        refused(fpa.run("export", ckpt.toString(), "--out", "m.onnx", "--use", "g"), entry);
        assertFalse(Files.exists(dir.resolve("g.png")));
    }

    @Test
    void aTamperedZooModelAndAnEscapingIndexAreRefused() throws Exception {
        Path zoo = dir.resolve("zoo");
        HostileModels.zooWithFlippedByte(HostileModels.shippedZoo(), "fmnist-v2", "tampered", zoo);
        ForkedCli inZoo = fpa.withProperty("fpa.zoo.dir", zoo.toString());
        refused(inZoo.run("generate", "--model", "zoo:tampered", "--grid", "g.png"), "checksum");
        Path escaping = dir.resolve("escaping");
        Files.copy(HostileModels.shippedZoo().resolve("fmnist-v2.onnx"), dir.resolve("outside.onnx"));
        HostileModels.writeIndexEntry(escaping, "outside", "../outside.onnx");
        refused(fpa.withProperty("fpa.zoo.dir", escaping.toString()).run("generate", "--model", "zoo:outside",
                "--grid", "g.png"), "outside");
        assertFalse(Files.exists(dir.resolve("g.png")));
    }

    @Test
    void metadataThatDisagreesWithTheGraphIsRefused() throws Exception {
        Path model = HostileModels.shippedZoo().resolve("fmnist-v2.onnx");
        for (String[] edit : List.of(new String[] {"image_size", "64"}, new String[] {"channels", "3"},
                new String[] {"frames", "7"}, new String[] {"latent_dim", "12"})) {
            Path edited = HostileModels.withMetadata(model, edit[0], edit[1], dir.resolve(edit[0] + ".onnx"));
            refused(fpa.run("generate", "--model", edited.toString(), "--grid", "g.png"), edit[0]);
        }
        refused(fpa.run("paint", "--model", dir.resolve("frames.onnx").toString(), "--out", "s.png"), "frames");
    }

    @Test
    void hugeImagesAreSkippedBeforeDecoding() throws Exception {
        Path images = Files.createDirectories(dir.resolve("images"));
        HostileImages.pngWithHugeHeader(images.resolve("huge-header.png"), 100_000, 100_000);
        HostileImages.pngOfZeros(images.resolve("zeros.png"), 40_000);
        ImageEncoder.writePng(images.resolve("ok.png"), new ImageData(32, 32, 1, new byte[32 * 32]));
        ForkedCli.Result info = fpa.run("data", "info", images.toString());
        bounded(info);
        assertEquals(0, info.exitCode(), info.toString());
        assertTrue(info.out().contains("images:   1 readable of 3"), info.out());
        assertTrue(info.out().contains("huge-header.png") && info.out().contains("zeros.png"), info.out());
        assertTrue(info.out().contains("megapixels"), info.out());
    }

    @Test
    void arraysWhoseHeadersLieAreRefused() throws Exception {
        refused(fpa.run("generate", "--latents", HostileArrays.npyWithHugeShape(dir.resolve("shape.npy")).toString(),
                "--grid", "g.png"), "shape.npy");
        refused(fpa.run("generate", "--latents",
                HostileArrays.npyWithHugeHeaderLength(dir.resolve("header.npy")).toString(), "--grid", "g.png"),
                "header.npy");
        float[] z = new float[3 * 128];
        z[2 * 128 + 5] = Float.NaN;
        Path nan = dir.resolve("nan.npy");
        Npy.write(nan, NdArray.of(z, 3, 128));
        refused(fpa.run("generate", "--latents", nan.toString(), "--grid", "g.png"), "row 2");
        assertFalse(Files.exists(dir.resolve("g.png")));
    }

    @Test
    void statisticsNoFeaturesCouldHaveAreRefused() throws Exception {
        List<Path> bad = List.of(HostileArrays.npzWithHugeDeclaredSigma(dir.resolve("huge.npz")),
                HostileArrays.statsWithIndefiniteSigma(dir.resolve("indefinite.npz"), FEATURE_DIM),
                HostileArrays.statsWithNonSymmetricSigma(dir.resolve("asymmetric.npz"), FEATURE_DIM),
                HostileArrays.statsWithInfiniteMean(dir.resolve("inf.npz"), FEATURE_DIM),
                HostileArrays.statsWithNaNSigma(dir.resolve("nan.npz"), FEATURE_DIM));
        for (Path ref : bad) {
            ForkedCli.Result r = fpa.run("fid", "--model", "zoo:fmnist-v2", "--num", "20", "--features",
                    "zoo:fmnist-features", "--ref", ref.toString());
            refused(r, ref.getFileName().toString());
            assertFalse(r.out().contains("FID"), r.out());
        }
    }

    @Test
    void outputsNeverReplaceInputs() throws Exception {
        Path model = dir.resolve("m.onnx");
        Files.copy(HostileModels.shippedZoo().resolve("fmnist-v2.onnx"), model);
        byte[] before = Files.readAllBytes(model);
        refused(fpa.run("generate", "--model", model.toString(), "--grid", model.toString()), "m.onnx");
        assertArrayEquals(before, Files.readAllBytes(model));

        Path z = dir.resolve("z.npy");
        Npy.write(z, NdArray.of(new float[2 * 128], 2, 128));
        byte[] latents = Files.readAllBytes(z);
        refused(fpa.run("generate", "--latents", z.toString(), "--save-npy", z.toString()), "z.npy");
        assertArrayEquals(latents, Files.readAllBytes(z));

        Path stats = HostileModels.shippedZoo().resolve("fashion-mnist-train_fmnist-features_32.npz");
        Path ref = dir.resolve("s.npz");
        Files.copy(stats, ref);
        refused(fpa.run("fid", "--model", "zoo:fmnist-v2", "--num", "20", "--features", "zoo:fmnist-features",
                "--ref", ref.toString(), "--json", ref.toString()), "s.npz");
        assertArrayEquals(Files.readAllBytes(stats), Files.readAllBytes(ref));

        Path readOnly = Files.createDirectories(dir.resolve("read-only"));
        assertTrue(readOnly.toFile().setWritable(false));
        if (!Files.isWritable(readOnly)) { // root writes anywhere
            refused(fpa.run("generate", "--grid", readOnly.resolve("g.png").toString()), "read-only");
        }
    }

    @Test
    void numbersOutOfRangeAreUsageErrors() throws Exception {
        refused(fpa.run("generate", "--seeds", "9223372036854775806-9223372036854775807", "--grid", "g.png",
                "--nrow", "0"), "--nrow");
        refused(fpa.run("generate", "--seeds", ",", "--grid", "g.png"), "--seeds");
        refused(fpa.run("generate", "--threads", "-1", "--grid", "g.png"), "--threads");
        refused(fpa.run("generate", "--num", "100000", "--grid", "g.png"), "pixels");
        refused(fpa.run("generate", "--seeds", "1-2000000", "--grid", "g.png"), "--seeds");
        // the largest seeds still work: the range ends instead of overflowing
        ForkedCli.Result last = fpa.run("generate", "--seeds", "9223372036854775806-9223372036854775807", "--grid",
                "g.png");
        assertEquals(0, last.exitCode(), last.toString());
        assertTrue(last.out().contains("generated 2 images"), last.out());
    }

    @Test
    void outDirStreamsTheSameImagesInBoundedMemory() throws Exception {
        ForkedCli.Result streamed = fpa.run("generate", "--num", "3000", "--batch-size", "100", "--out-dir", "each",
                "--save-npy", "batches.npy");
        bounded(streamed);
        assertEquals(0, streamed.exitCode(), streamed.toString());
        ForkedCli.Result once = fpa.run("generate", "--num", "3000", "--batch-size", "3000", "--save-npy", "once.npy");
        assertEquals(0, once.exitCode(), once.toString());
        float[] a = Npy.read(dir.resolve("batches.npy")).toFloatArray();
        float[] b = Npy.read(dir.resolve("once.npy")).toFloatArray();
        float worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        assertTrue(worst < 1e-5, "batch-by-batch and all-at-once differ by " + worst);
        try (var files = Files.list(dir.resolve("each"))) {
            assertEquals(3000, files.count());
        }
    }

    /** Exit 1 or 2, one or two lines naming {@code mention}, no Java class names, within the time and memory bound. */
    private static void refused(ForkedCli.Result r, String mention) {
        bounded(r);
        assertTrue(r.exitCode() == 1 || r.exitCode() == 2, r.toString());
        assertTrue(!r.errLines().isEmpty() && r.errLines().size() <= 2, r.toString());
        assertTrue(r.err().contains(mention), "expected '" + mention + "' in: " + r);
        assertFalse(JAVA_CLASS_NAME.matcher(r.err()).find(), r.toString());
    }

    private static void bounded(ForkedCli.Result r) {
        assertTrue(r.seconds() < SECONDS, r.toString());
        assertTrue(r.peakMegabytes() < MEGABYTES, r.toString());
    }

    /** Ctrl-C, and SIGTERM (what a background run gets from kill or a shutdown: its SIGINT is ignored). */
    @ParameterizedTest
    @CsvSource({"INT, 130, interrupted", "TERM, 143, terminated"})
    void theFirstSignalSavesTheStepAndLeftoversAreRemoved(String signal, int exitCode, String verb) throws Exception {
        Path run = Files.createDirectories(dir.resolve("run"));
        Path leftover = Files.createFile(run.resolve(".last.fpa.123456.tmp"));
        Path metrics = run.resolve("metrics.jsonl");
        ForkedCli.Result r = fpa.run((process, stdout) -> {
            // interrupt once the first steps are logged, while later ones are running
            long deadline = System.nanoTime() + 50_000_000_000L;
            while (process.isAlive() && System.nanoTime() < deadline
                    && (!Files.exists(metrics) || Files.readAllLines(metrics).size() < 2)) {
                Thread.sleep(100);
            }
            new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor();
        }, "train", "--data", TestData.fashionMnistSubset().toString(), "--out", run.toString(), "--preset",
                "cpu-small", "--latent-dim", "8", "--rnn-hidden-size", "16", "--num-decoding-steps", "4",
                "--mini-input-size", "8", "--fmap-max", "8", "--attn-heads", "1", "--attn-dim-head", "4",
                "--batch-size", "4", "--num-train-steps", "100000", "--save-every", "100000", "--no-cache");
        assertEquals(exitCode, r.exitCode(), r.toString());
        String last = r.errLines().get(r.errLines().size() - 1);
        assertTrue(last.contains(verb + " after step"), r.toString());
        long saved = Long.parseLong(last.replaceAll(".*" + verb + " after step (\\d+).*", "$1"));
        assertTrue(saved >= 2, r.toString());
        assertFalse(Files.exists(leftover), "the stale temporary file is still there");
        ForkedCli.Result resumed = fpa.run("train", "--out", run.toString(), "--resume", "--num-train-steps",
                Long.toString(saved + 1));
        assertEquals(0, resumed.exitCode(), resumed.toString());
        assertTrue(resumed.out().contains("resuming at step " + saved), resumed.out());
    }

    private static String official(String file) throws IOException {
        return TestData.official().resolve(file).toString();
    }
}
