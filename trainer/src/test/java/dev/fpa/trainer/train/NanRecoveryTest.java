package dev.fpa.trainer.train;

import dev.fpa.trainer.checkpoint.Checkpoint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run whose losses blow up reloads its last checkpoint with new draws, warns, and stops after 3 in a row. */
class NanRecoveryTest {
    @TempDir
    Path dir;

    @Test
    void divergingRunsReloadThenStopWithAClearMessage() throws IOException {
        ObjectNode args = TinyRun.config(10).toTrainerArgs();
        // A learning rate this large makes every weight huge after one step, so the next losses are not finite.
        args.put("lr", 1e30);
        RunConfig config = RunConfig.fromTrainerArgs(args).config();
        List<String> warnings = new ArrayList<>();
        try (GanTrainer trainer = TinyRun.trainer(TrainingState.create(config), TinyRun.dataset(dir), dir,
                warnings)) {
            GanTrainer.DivergedException e = assertThrows(GanTrainer.DivergedException.class, trainer::run);
            assertTrue(e.getMessage().contains("3 times in a row"), e.getMessage());
            assertTrue(e.getMessage().contains("last.fpa"), e.getMessage());
            assertEquals(2, trainer.state().randomness().restarts());
        }
        assertEquals(2, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("reloaded"), warnings.get(0));
        // D's first update already makes G's loss infinite, so no step ever succeeds: nothing is logged and the
        // step-0 checkpoint stays as it was.
        assertEquals(0, Files.readAllLines(dir.resolve("metrics.jsonl")).size());
        assertEquals(0, Checkpoint.read(dir.resolve("last.fpa")).meta().step());
    }
}
