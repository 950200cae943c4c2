package dev.fpa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fpa.runtime.metrics.OnnxFeatureExtractor;
import dev.fpa.runtime.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fpa train-features on real Fashion-MNIST images (the repository's subset) with a tiny network: it learns,
 * reports and exports an extractor.
 */
class TrainFeaturesCommandTest {
    private static final Path FASHION_MNIST = TestData.fashionMnistSubset();

    @TempDir
    Path dir;

    private final CliRunner fpa = new CliRunner();

    @Test
    void trainsATinyClassifierAndExportsItsFeatures() throws Exception {
        Path out = dir.resolve("features.onnx");
        assertEquals(0, fpa.run("train-features", "--data", FASHION_MNIST.toString(), "--out", out.toString(),
                "--epochs", "3", "--widths", "8,16", "--feature-dim", "8", "--batch-size", "32", "--learning-rate",
                "2e-3", "--cache-dir", dir.resolve("cache").toString()), fpa.err());
        Matcher m = Pattern.compile("test accuracy ([0-9.]+)%").matcher(fpa.out());
        assertTrue(m.find(), fpa.out());
        double accuracy = Double.parseDouble(m.group(1));
        assertTrue(accuracy > 60, "a tiny CNN after three epochs on 2,000 images beats chance (10%) by far: "
                + "" + accuracy);
        try (OnnxFeatureExtractor fx = OnnxFeatureExtractor.open(out, 1)) {
            assertEquals(8, fx.dim());
            assertEquals(32, fx.metadata().inputSize());
        }

        Path noLabels = Files.createDirectories(dir.resolve("images-only"));
        Files.copy(FASHION_MNIST.resolve("t10k-images-idx3-ubyte.gz"), noLabels.resolve("train-images-idx3-ubyte.gz"));
        Path other = dir.resolve("other.onnx");
        assertEquals(1, fpa.run("train-features", "--data", noLabels.toString(), "--out", other.toString(),
                "--epochs", "1", "--cache-dir", dir.resolve("cache").toString()));
        assertTrue(fpa.err().contains("labels"), fpa.err());
        assertEquals(1, fpa.err().strip().lines().count(), fpa.err());
        assertFalse(Files.exists(other));
    }
}
