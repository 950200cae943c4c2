package dev.fpa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fpa.runtime.io.Sha256;
import dev.fpa.runtime.metrics.OnnxFeatureExtractor;
import dev.fpa.runtime.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fpa fid-model on the fixture's random pytorch-fid weights; the features themselves are FidInceptionTest's. */
class FidModelCommandTest {
    private static final Path FIXTURES = TestData.official();

    @TempDir
    Path dir;

    private final CliRunner fpa = new CliRunner();

    @Test
    void writesAFeatureModelAndPrintsItsChecksum() throws Exception {
        Path out = dir.resolve("models/fid-inception.onnx");
        assertEquals(0, fpa.run("fid-model", "--weights", TestData.fidInceptionWeights().toString(),
                "--out", out.toString()), fpa.err());
        String sha = Sha256.ofFile(out);
        assertEquals(1, fpa.out().lines().count(), fpa.out());
        assertTrue(fpa.out().startsWith("wrote " + out + ": ") && fpa.out().strip().endsWith("sha256 " + sha),
                fpa.out());
        try (OnnxFeatureExtractor extractor = OnnxFeatureExtractor.open(out, 1)) {
            assertEquals(2048, extractor.dim());
            assertEquals(299, extractor.metadata().inputSize());
        }
        try (var leftovers = Files.list(out.getParent())) {
            assertEquals(1, leftovers.count(), "no temporary file is left behind");
        }
    }

    @Test
    void aGeneratorCheckpointIsOneLineAndExitCodeOne() {
        Path generator = FIXTURES.resolve("v2_grey32/model_0.pt");
        Path out = dir.resolve("fid.onnx");
        assertEquals(1, fpa.run("fid-model", "--weights", generator.toString(), "--out", out.toString()));
        assertEquals(1, fpa.err().lines().count(), fpa.err());
        assertTrue(fpa.err().startsWith("fpa: error: " + generator + ": not pytorch-fid's FID Inception weights")
                && fpa.err().contains("470 of 470 required tensors missing"), fpa.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void helpDescribesEveryOption() {
        assertEquals(0, fpa.run("fid-model", "--help"));
        for (String option : new String[] {"--weights", "--out", "299x299", "pt_inception-2015-12-05-6726825d.pth"}) {
            assertTrue(fpa.out().contains(option), option + " in\n" + fpa.out());
        }
        assertEquals(2, fpa.run("fid-model", "--out", "x.onnx"));
        assertTrue(fpa.err().contains("--weights"), fpa.err());
    }
}
