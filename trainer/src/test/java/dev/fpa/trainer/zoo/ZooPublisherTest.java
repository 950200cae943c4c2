package dev.fpa.trainer.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fpa.runtime.image.ImageData;
import dev.fpa.runtime.image.ImageEncoder;
import dev.fpa.runtime.zoo.ModelZoo;
import dev.fpa.runtime.zoo.ZooEntry;
import dev.fpa.trainer.checkpoint.Checkpoint;
import dev.fpa.trainer.checkpoint.CheckpointMeta;
import dev.fpa.trainer.imports.OfficialImporter;
import dev.fpa.runtime.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trained run published to a folder zoo: the card records the training from the run's files (the time per step
 * up to the checkpoint's step, the run's length and its whole FID curve, the last entry of a step counting after a
 * resume), ships the run's plot, and the zoo verifies.
 */
class ZooPublisherTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void publishesARunWithItsFidCurveAndPlot() throws Exception {
        Path run = Files.createDirectories(dir.resolve("run"));
        Path ckpt = run.resolve("best.fpa");
        trainedCheckpoint(300).write(ckpt);
        Files.writeString(run.resolve("metrics.jsonl"), String.join("\n",
                metric(99, 500, null), metric(100, 700, 5.0), metric(101, 900, null),
                metric(200, 600, 3.5), metric(200, 600, 3.0), // logged again after a resume: this one counts
                metric(300, 800, 4.0), metric(400, 650, 3.25)) + "\n"); // step 400 is after the checkpoint
        ImageEncoder.writePng(run.resolve("losses.png"), new ImageData(4, 4, 3, new byte[4 * 4 * 3]));
        Path zoo = dir.resolve("zoo");

        ZooPublisher.Published p = ZooPublisher.publish(zoo, ckpt, Checkpoint.read(ckpt), new ZooPublisher.Request(
                "trained", null, Checkpoint.EMA_GENERATOR, null, List.of(), "test data", "test box", "the last", false,
                "test"));

        assertEquals(ZooEntry.GENERATOR, p.kind());
        assertTrue(p.files().contains("trained-training.png"), p.files().toString());
        JsonNode training = JSON.readTree(zoo.resolve("trained.json").toFile()).get("training");
        assertEquals(300, training.get("steps").asLong());
        assertEquals(5, training.get("logged_steps").asInt());
        assertEquals(700, training.get("median_ms_per_step").asDouble());
        assertEquals(400, training.get("run_steps").asLong());
        assertEquals((500 + 700 + 900 + 600 + 800 + 650) / 3.6e6, training.get("run_wall_time_hours").asDouble(),
                1e-12);
        assertEquals(JSON.readTree("{\"100\": 5.0, \"200\": 3.0, \"300\": 4.0, \"400\": 3.25}"),
                training.get("fid_curve"));
        assertEquals(200, training.get("best_fid_step").asLong());
        assertEquals("GE, a copy of G as it was at step 3 (the last reset to G); the average starts after step 20000",
                training.get("generator").asText());
        assertEquals("trained-training.png", training.get("plot").asText());
        assertEquals("the last", training.get("selection").asText());
        assertTrue(Files.readString(zoo.resolve("trained.md")).contains("![Training](trained-training.png)"));
        assertTrue(Files.readString(zoo.resolve("trained.json")).contains("Apache License 2.0"));
        assertEquals(List.of(), ModelZoo.local(zoo).verify());
    }

    /** The official v2 fixture's weights under a training step, as a run's checkpoint would hold them. */
    private static Checkpoint trainedCheckpoint(long step) throws Exception {
        Path set = TestData.official("v2_grey32");
        ObjectNode args = (ObjectNode) JSON.readTree(set.resolve("manifest.json").toFile()).get("trainer_args");
        Checkpoint imported = OfficialImporter.convert(set.resolve("model_0.pt"), args).checkpoint();
        CheckpointMeta meta = imported.meta();
        meta = new CheckpointMeta(null, 0, meta.modelType(), meta.config(), null, JSON.createObjectNode(),
                JSON.createObjectNode().put("batch_size", 16), step, new CheckpointMeta.Rng(1, 0, "test"), null,
                meta.source());
        return new Checkpoint(meta, Map.of(Checkpoint.GENERATOR, imported.section(Checkpoint.GENERATOR),
                Checkpoint.EMA_GENERATOR, imported.section(Checkpoint.EMA_GENERATOR)));
    }

    private static String metric(long step, double ms, Double fid) {
        return "{\"step\": " + step + ", \"ms\": " + ms + ", \"fid\": " + fid + "}";
    }
}
