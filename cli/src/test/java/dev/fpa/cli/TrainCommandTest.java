package dev.fpa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fpa.runtime.image.ImageData;
import dev.fpa.runtime.image.ImageEncoder;
import dev.fpa.runtime.testing.TestData;
import dev.fpa.trainer.checkpoint.Checkpoint;
import dev.fpa.trainer.checkpoint.CheckpointMeta;
import dev.fpa.trainer.checkpoint.Provenance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fpa.runtime.array.Npy;
import dev.fpa.runtime.zoo.ModelZoo;
import java.io.InputStream;
import java.util.ArrayList;

/** fpa train end to end on a small image folder: outputs, resume, refusals, the U-Net recipe, and generate after. */
class TrainCommandTest {
    private static final Path FIXTURES = TestData.official();
    /** A painter and discriminator small enough for a few steps in seconds. */
    private static final List<String> TINY = List.of("--preset", "cpu-small", "--latent-dim", "8",
            "--rnn-hidden-size", "16", "--num-decoding-steps", "4", "--mini-input-size", "8", "--fmap-max", "8",
            "--attn-heads", "1", "--attn-dim-head", "4", "--batch-size", "4", "--num-image-tiles", "2",
            "--no-cache");

    @TempDir
    Path dir;

    private final CliRunner fpa = new CliRunner();
    private Path images;

    @BeforeEach
    void writeImages() throws IOException {
        images = Files.createDirectories(dir.resolve("images"));
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 12; i++) {
            byte[] pixels = new byte[32 * 32];
            for (int p = 0; p < pixels.length; p++) {
                pixels[p] = (byte) random.nextInt(256);
            }
            ImageEncoder.writePng(images.resolve(String.format(Locale.ROOT, "%02d.png", i)),
                    new ImageData(32, 32, 1, pixels));
        }
    }

    private int train(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--data", images.toString(), "--out",
                out.toString(), "--greyscale"));
        args.addAll(TINY);
        args.addAll(List.of(extra));
        return fpa.run(args.toArray(String[]::new));
    }

    @Test
    void trainsResumesAndGenerates() throws Exception {
        Path out = dir.resolve("run");
        assertEquals(0, train(out, "--num-train-steps", "2", "--save-every", "1", "--evaluate-every", "1"), fpa.err());
        assertTrue(fpa.out().contains("trained steps 0 to 2"), fpa.out());
        assertTrue(Files.exists(out.resolve("samples/0000001.png")));
        assertTrue(Files.exists(out.resolve("samples/0000002-ema.png")));
        assertTrue(Files.exists(out.resolve("losses.png")));
        assertEquals(2, Files.readAllLines(out.resolve("metrics.jsonl")).size());
        Checkpoint last = Checkpoint.read(out.resolve("last.fpa"));
        CheckpointMeta meta = last.meta();
        assertEquals(2, meta.step());
        assertEquals(8, meta.discriminator().get("fmap_max").asInt());
        assertEquals(4, meta.training().get("batch_size").asInt());
        assertTrue(last.has("G_opt") && last.has("D_opt"));

        // The same OUT again is refused; --resume may only lengthen the run.
        assertEquals(2, train(out, "--num-train-steps", "3"));
        assertTrue(fpa.err().contains("--resume"), fpa.err());
        assertEquals(2, fpa.run("train", "--data", images.toString(), "--out", out.toString(), "--resume",
                "--learning-rate", "0.1"));
        assertTrue(fpa.err().contains("--learning-rate: saved 2.0E-4, given 0.1"), fpa.err());
        assertEquals(0, fpa.run("train", "--data", images.toString(), "--out", out.toString(), "--resume",
                "--num-train-steps", "3", "--no-cache"), fpa.err());
        assertTrue(fpa.out().contains("resuming at step 2"), fpa.out());
        assertEquals(3, Files.readAllLines(out.resolve("metrics.jsonl")).size());

        Path grid = dir.resolve("grid.png");
        assertEquals(0, fpa.run("generate", "--checkpoint", out.resolve("last.fpa").toString(), "--num", "4",
                "--grid", grid.toString()), fpa.err());
        assertTrue(Files.exists(grid));
    }

    /**
     * A run continues from its own command line plus --resume and paints exactly what a straight run paints; every
     * option that differs from the run is named in one line; --resume with only --out takes the run's own data; a
     * moved copy of the data is recognised by its fingerprint, other data is refused.
     */
    @Test
    void resumesFromItsOwnCommandLine() throws Exception {
        Path straight = dir.resolve("straight");
        assertEquals(0, train(straight, "--num-train-steps", "3", "--seed", "7"), fpa.err());
        Path out = dir.resolve("rerun");
        assertEquals(0, train(out, "--num-train-steps", "2", "--seed", "7"), fpa.err());
        assertEquals(0, train(out, "--num-train-steps", "3", "--seed", "7", "--resume"), fpa.err());
        assertTrue(fpa.out().contains("resuming at step 2"), fpa.out());
        assertEquals(0f, maxDifference(generated(straight, "a.npy"), generated(out, "b.npy")),
                "2 steps then 1 resumed paint what 3 straight steps paint");

        assertEquals(2, train(out, "--num-train-steps", "4", "--seed", "8", "--ttur-mult", "2", "--resume"));
        String error = fpa.err();
        assertTrue(error.contains("--seed: saved 7, given 8"), error);
        assertTrue(error.contains("--ttur-mult: saved 1.0, given 2.0"), error);
        assertEquals(1, error.strip().lines().count(), error);

        assertEquals(0, fpa.run("train", "--out", out.toString(), "--resume", "--num-train-steps", "4", "--no-cache"),
                fpa.err());
        assertTrue(fpa.out().contains("resuming at step 3"), fpa.out());

        Path moved = Files.createDirectories(dir.resolve("moved"));
        try (var files = Files.list(images)) {
            for (Path f : files.toList()) {
                Files.copy(f, moved.resolve(f.getFileName()));
            }
        }
        assertEquals(0, fpa.run("train", "--data", moved.toString(), "--out", out.toString(), "--resume",
                "--num-train-steps", "5", "--no-cache"), fpa.err());
        assertTrue(fpa.out().contains("the data moved from " + images.toAbsolutePath()), fpa.out());
        Files.delete(moved.resolve("00.png"));
        assertEquals(2, fpa.run("train", "--data", moved.toString(), "--out", out.toString(), "--resume",
                "--num-train-steps", "6", "--no-cache"));
        assertTrue(fpa.err().contains("not the data this run was trained on"), fpa.err());
    }

    private Path generated(Path run, String name) {
        Path npy = dir.resolve(name);
        assertEquals(0, fpa.run("generate", "--checkpoint", run.resolve("last.fpa").toString(), "--seeds", "0-7",
                "--save-npy", npy.toString()), fpa.err());
        return npy;
    }

    private static float maxDifference(Path a, Path b) throws IOException {
        float[] x = Npy.read(a).toFloatArray();
        float[] y = Npy.read(b).toFloatArray();
        assertEquals(x.length, y.length);
        float max = 0;
        for (int i = 0; i < x.length; i++) {
            max = Math.max(max, Math.abs(x[i] - y[i]));
        }
        return max;
    }

    /** FID of the EMA generator every step against the zoo's Fashion-MNIST statistics; the best checkpoint is kept. */
    @Test
    void computesFidDuringTrainingAndKeepsTheBest() throws Exception {
        Path stats = dir.resolve("fmnist.npz");
        try (InputStream in = ModelZoo.builtIn()
                .file("fashion-mnist-train_fmnist-features_32.npz").openStream()) {
            Files.copy(in, stats);
        }
        Path out = dir.resolve("fid");
        assertEquals(2, train(out, "--num-train-steps", "2", "--calculate-fid-every", "1"));
        assertTrue(fpa.err().contains("--fid-ref"), fpa.err());
        assertEquals(0, train(out, "--num-train-steps", "2", "--calculate-fid-every", "1", "--fid-ref",
                stats.toString(), "--fid-features", "zoo:fmnist-features", "--calculate-fid-num-images", "20"),
                fpa.err());
        List<String> lines = Files.readAllLines(out.resolve("metrics.jsonl"));
        double best = Double.POSITIVE_INFINITY;
        for (String line : lines) {
            double fid = new ObjectMapper().readTree(line).get("fid").asDouble();
            assertTrue(fid > 0, line);
            best = Math.min(best, fid);
        }
        assertEquals(best, Checkpoint.read(out.resolve("best.fpa")).meta().bestFid());
        assertEquals(best, Checkpoint.read(out.resolve("last.fpa")).meta().bestFid());
    }

    /** The README's U-Net recipe from an official painter: frozen base, fresh G optimizer, EMA on the U-Net only. */
    @Test
    void unetRecipeStartsFromAnOfficialCheckpoint() throws Exception {
        Path out = dir.resolve("unet");
        String set = FIXTURES.resolve("v2_grey32").toString();
        assertEquals(0, fpa.run("train", "--data", images.toString(), "--out", out.toString(), "--no-cache",
                "--config", set + "/manifest.json", "--load-pre-trained", set + "/model_0.pt",
                "--model-type", "lstm_delta_split_v2_unet", "--max-unet-dim", "1", "--frozen-base",
                "--stop-grad-unet", "--unet-tanh", "--reset-g-optimizer", "--ema-only-unet",
                "--attn-heads", "4", "--attn-dim-head", "8", "--batch-size", "2", "--num-train-steps", "1",
                "--num-image-tiles", "1"), fpa.err());
        assertTrue(fpa.out().contains("G: loaded 12 of"), fpa.out());
        Provenance source = Checkpoint.read(out.resolve("last.fpa")).meta().provenance();
        assertTrue(source.loadPreTrained().resetGOptimizer());
        assertEquals(Checkpoint.GENERATOR, source.loadPreTrained().generatorSection());

        // The run started from G; resuming it from the EMA painter would be another run.
        assertEquals(2, fpa.run("train", "--out", out.toString(), "--resume", "--load-pre-trained",
                set + "/model_0.pt", "--pre-trained-use", "ema"));
        assertTrue(fpa.err().contains("--pre-trained-use: saved g, given ema"), fpa.err());
        assertEquals(2, fpa.run("train", "--data", images.toString(), "--out", dir.resolve("other").toString(),
                "--pre-trained-use", "ema"));
        assertTrue(fpa.err().contains("go with --load-pre-trained"), fpa.err());
    }

    @Test
    void helpListsTheOfficialFlagsAndPresets() {
        assertEquals(0, fpa.run("train", "--help"));
        for (String flag : List.of("--image-size", "--num-decoding-steps", "--grad-accumulate-every", "--learning-rate",
                "--ttur-mult", "--aug-prob", "--aug-types", "--save-every", "--evaluate-every", "--preset",
                "--resume", "--load-only-g", "--disc-output-size")) {
            assertTrue(fpa.out().contains(flag), flag);
        }
        assertEquals(2, fpa.run("train", "--data", images.toString(), "--out", dir.resolve("x").toString(),
                "--preset", "huge"));
        assertTrue(fpa.err().contains("cpu-small"), fpa.err());
    }
}
