package dev.fpa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fpa.runtime.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fpa zoo add, list, info and verify on a user zoo, and zoo:NAME where a model is accepted. */
class ZooCommandTest {
    private static final Path FIXTURES = TestData.official();

    @TempDir
    Path dir;

    private final CliRunner fpa = new CliRunner();
    private Path zoo;

    @BeforeEach
    void useATemporaryUserZoo() {
        zoo = dir.resolve("zoo");
        System.setProperty("fpa.zoo.dir", zoo.toString());
    }

    @AfterEach
    void restore() {
        System.clearProperty("fpa.zoo.dir");
    }

    @Test
    void addsAnOfficialCheckpointThatThenPaintsAndVerifies() throws Exception {
        assertEquals(0, fpa.run("zoo", "add", FIXTURES.resolve("v2_grey32/model_0.pt").toString(), "--config",
                FIXTURES.resolve("v2_grey32/manifest.json").toString(), "--name", "fixture-v2"), fpa.err());
        assertTrue(Files.exists(zoo.resolve("fixture-v2.onnx")) && Files.exists(zoo.resolve("fixture-v2.md")));

        assertEquals(0, fpa.run("zoo", "list"), fpa.err());
        assertTrue(fpa.out().contains("fixture-v2") && fpa.out().contains("lstm_delta_split_v2 32x32 grey"),
                fpa.out());
        assertEquals(0, fpa.run("zoo", "info", "fixture-v2"), fpa.err());
        assertTrue(fpa.out().startsWith("# fixture-v2") && fpa.out().contains("| painting_steps | 16 |"),
                fpa.out());

        Path strip = dir.resolve("strip.png");
        assertEquals(0, fpa.run("paint", "--model", "zoo:fixture-v2", "--out", strip.toString(), "--device",
                "cpu"), fpa.err());
        assertTrue(Files.size(strip) > 0);

        assertEquals(0, fpa.run("zoo", "verify"), fpa.err());
        Files.writeString(zoo.resolve("fixture-v2.md"), "changed");
        assertEquals(1, fpa.run("zoo", "verify"));
        assertTrue(fpa.err().contains("fixture-v2.md has SHA-256"), fpa.err());
        assertEquals(1, fpa.err().strip().lines().count(), fpa.err());

        assertEquals(1, fpa.run("paint", "--model", "zoo:missing", "--out", strip.toString()));
        assertTrue(fpa.err().contains("no zoo model named 'missing'") && fpa.err().contains("fixture-v2"),
                fpa.err());
        assertEquals(2, fpa.run("zoo", "add", strip.toString(), "--name", "bad name"));
    }

    @Test
    void addsTheBaselineWithoutFramesAndGeneratesFromIt() throws Exception {
        assertEquals(0, fpa.run("zoo", "add", FIXTURES.resolve("base_grey32/model_0.pt").toString(), "--config",
                FIXTURES.resolve("base_grey32/manifest.json").toString(), "--name", "fixture-base"), fpa.err());
        assertEquals(0, fpa.run("zoo", "info", "fixture-base"), fpa.err());
        assertTrue(fpa.out().contains("| model_type | base |") && fpa.out().contains("| frames | 0 |"), fpa.out());

        Path grid = dir.resolve("grid.png");
        assertEquals(0, fpa.run("generate", "--model", "zoo:fixture-base", "--seeds", "0-3", "--grid",
                grid.toString(), "--device", "cpu"), fpa.err());
        assertTrue(Files.size(grid) > 0);
        assertEquals(1, fpa.run("paint", "--model", "zoo:fixture-base", "--out", dir.resolve("s.png").toString()));
        assertTrue(fpa.err().contains("does not paint step by step"), fpa.err());
    }
}
