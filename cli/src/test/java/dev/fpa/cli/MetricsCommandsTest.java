package dev.fpa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fpa.runtime.image.ImageData;
import dev.fpa.runtime.image.ImageEncoder;
import dev.fpa.runtime.metrics.StatisticsFile;
import dev.fpa.runtime.testing.HostileModels;
import dev.fpa.runtime.testing.TestData;
import dev.fpa.trainer.export.FeatureClassifierExporter;
import dev.fpa.trainer.export.OnnxExporter;
import dev.fpa.trainer.model.FeatureClassifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ai.djl.engine.Engine;
import java.util.Arrays;

/** fpa stats and fpa fid end to end with a small CNN feature model, on folders and on an exported generator. */
class MetricsCommandsTest {
    private static final Path FIXTURES = TestData.official();
    private static final Pattern FID = Pattern.compile("FID (-?[0-9.]+(e-?[0-9]+)?)");

    @TempDir
    Path dir;

    private final CliRunner fpa = new CliRunner();
    private Path features;
    private Path dark;
    private Path bright;

    @BeforeEach
    void prepare() throws IOException {
        features = featureModel("features.onnx", 1);
        dark = folder("dark", 0, 3);
        bright = folder("bright", 120, 4);
    }

    /** A randomly initialised classifier's feature layer: enough to tell two image sets apart. */
    private Path featureModel(String name, int seed) throws IOException {
        FeatureClassifier net = new FeatureClassifier(1, 32, new int[] {4}, 8, 10);
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(seed);
            net.initialize(m, DataType.FLOAT32, new Shape(1, 1, 32, 32));
            Path file = dir.resolve(name);
            OnnxExporter.write(FeatureClassifierExporter.export(net, 0.1, "untrained", "test"), file);
            return file;
        }
    }

    private Path folder(String name, int offset, long seed) throws IOException {
        Path f = Files.createDirectories(dir.resolve(name));
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 24; i++) {
            byte[] pixels = new byte[32 * 32];
            for (int p = 0; p < pixels.length; p++) {
                pixels[p] = (byte) (offset + random.nextInt(136));
            }
            ImageEncoder.writePng(f.resolve(String.format(Locale.ROOT, "%02d.png", i)), new ImageData(32, 32, 1,
                    pixels));
        }
        return f;
    }

    /** Runs fpa fid with --json and returns the exact FID, after checking the printed one. */
    private double fid(String... args) throws IOException {
        Path json = dir.resolve("score.json");
        String[] all = Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--json";
        all[args.length + 1] = json.toString();
        assertEquals(0, fpa.run(all), fpa.err());
        Matcher m = FID.matcher(fpa.out());
        assertTrue(m.find(), fpa.out());
        double exact = new ObjectMapper().readTree(json.toFile()).get("fid").asDouble();
        assertEquals(exact, Double.parseDouble(m.group(1)), 1e-5 * Math.abs(exact) + 1e-12, "printed to 6 digits");
        return exact;
    }

    @Test
    void statisticsFilesGiveTheSameFidAsFolders() throws IOException {
        Path stats = dir.resolve("dark.npz");
        assertEquals(0, fpa.run("stats", "--images", dark.toString(), "--features", features.toString(), "--out",
                stats.toString(), "--batch-size", "5"), fpa.err());
        StatisticsFile file = StatisticsFile.read(stats);
        assertEquals(24, file.count().getAsLong());
        assertEquals(24 * 8, file.features().orElseThrow().length);
        assertEquals("dark", file.provenance().orElseThrow().dataset());

        double fromFile = fid("fid", "--images", bright.toString(), "--ref", stats.toString(), "--features",
                features.toString(), "--kid");
        JsonNode json = new ObjectMapper().readTree(dir.resolve("score.json").toFile());
        double fromFolder = fid("fid", "--images", bright.toString(), "--ref", dark.toString(), "--features",
                features.toString());
        assertTrue(fromFile > 1e-3, "dark and bright images differ: FID " + fromFile);
        assertEquals(fromFolder, fromFile, 1e-9 * fromFile);
        assertTrue(json.has("kid") && json.has("kid_std"), json.toString());
        assertEquals(24, json.get("num_reference").asInt());

        double self = fid("fid", "--images", dark.toString(), "--ref", stats.toString(), "--features",
                features.toString());
        assertTrue(Math.abs(self) < 1e-6, "FID of a folder with its own statistics: " + self);

        Path other = featureModel("other.onnx", 2);
        assertEquals(1, fpa.run("fid", "--images", bright.toString(), "--ref", stats.toString(), "--features",
                other.toString()));
        assertTrue(fpa.err().contains("computed with extractor features"), fpa.err());
        assertEquals(1, fpa.err().strip().lines().count(), fpa.err());
    }

    /** The issue-18 check from a fresh clone: a bare name that is no file here is the zoo's shipped statistics. */
    @Test
    void aBareNameNamesTheStatisticsAZooShips() throws IOException {
        String name = "fashion-mnist-train_fmnist-features_32.npz";
        assertTrue(Files.notExists(Path.of(name)), "the test needs a working directory without " + name);
        double byName = fid("fid", "--images", bright.toString(), "--ref", name, "--features", "zoo:fmnist-features");
        assertTrue(fpa.out().contains("reference: " + name + " of zoo:fmnist-features"), fpa.out());
        double byPath = fid("fid", "--images", bright.toString(), "--ref",
                HostileModels.shippedZoo().resolve(name).toString(), "--features", "zoo:fmnist-features");
        assertEquals(byPath, byName);
        assertEquals(1, fpa.run("fid", "--images", bright.toString(), "--ref", "no-such-" + name, "--features",
                "zoo:fmnist-features"));
        assertTrue(fpa.err().contains("no-such-" + name + ": no such file"), fpa.err());
    }

    @Test
    void generatorSamplesAreScoredLikeStoredImages() throws IOException {
        Path model = dir.resolve("painter.onnx");
        assertEquals(0, fpa.run("export", FIXTURES.resolve("v2_grey32/model_0.pt").toString(), "--config",
                FIXTURES.resolve("v2_grey32/manifest.json").toString(), "--out", model.toString()), fpa.err());
        Path samples = dir.resolve("samples.npz");
        assertEquals(0, fpa.run("stats", "--model", model.toString(), "--num", "30", "--seed", "5", "--features",
                features.toString(), "--out", samples.toString(), "--device", "cpu"), fpa.err());
        assertEquals(30, StatisticsFile.read(samples).count().getAsLong());
        // The same seeds through fpa fid give the same statistics: FID 0.
        double same = fid("fid", "--model", model.toString(), "--num", "30", "--seed", "5", "--ref",
                samples.toString(), "--features", features.toString(), "--batch-size", "7");
        // The fixture painter's random weights paint nearly flat images: the scale of these FIDs is tiny, so the
        // checks are relative.
        assertTrue(Math.abs(same) < 1e-12, "same seeds, FID " + same);
        double other = fid("fid", "--model", model.toString(), "--num", "30", "--seed", "500", "--ref",
                samples.toString(), "--features", features.toString());
        assertTrue(other > 1e-9, "other seeds, FID " + other);
        // JPEG-stored references push the samples through JPEG: the score changes.
        double jpeg = fid("fid", "--model", model.toString(), "--num", "30", "--seed", "5", "--ref",
                samples.toString(), "--features", features.toString(), "--image-format", "jpg");
        assertTrue(Math.abs(jpeg) > 1e-9, "JPEG round trip, FID " + jpeg);
    }
}
