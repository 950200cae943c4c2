package dev.fpa.trainer.train;

import dev.fpa.trainer.checkpoint.Checkpoint;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fpa.runtime.array.NdArray;
import dev.fpa.trainer.data.PreparedDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * N steps, a checkpoint, then M more steps from it in a new state must equal N + M steps run straight: every
 * tensor of G, GE, D and both Adam states bit for bit, and the same metrics lines.
 */
class ResumeTest {
    @TempDir
    Path dir;

    @Test
    void resumingEqualsRunningStraight() throws IOException {
        assertResumeExact(3, 4);
    }

    @Test
    @Tag("slow")
    void resumingEqualsRunningStraightOverLongerRuns() throws IOException {
        assertResumeExact(23, 25);
    }

    private void assertResumeExact(int n, int m) throws IOException {
        PreparedDataset data = TinyRun.dataset(dir);
        Path straight = dir.resolve("straight");
        Path split = dir.resolve("split");
        List<String> warnings = new ArrayList<>();
        try (GanTrainer run = TinyRun.trainer(TrainingState.create(TinyRun.config(n + m)), data, straight, warnings)) {
            run.run();
        }
        try (GanTrainer first = TinyRun.trainer(TrainingState.create(TinyRun.config(n)), data, split, warnings)) {
            first.run();
        }
        Checkpoint halfway = Checkpoint.read(split.resolve("last.fpa"));
        assertEquals(n, halfway.meta().step());
        TrainingState resumed = TrainingCheckpoints.restore(halfway, TinyRun.config(n + m), ai.djl.Device.cpu());
        assertEquals(n, resumed.step());
        try (GanTrainer second = TinyRun.trainer(resumed, data, split, warnings)) {
            GanTrainer.Summary summary = second.run();
            assertEquals(n, summary.firstStep());
            assertEquals(n + m, summary.lastStep());
        }
        assertTrue(warnings.isEmpty(), warnings.toString());
        Checkpoint a = Checkpoint.read(straight.resolve("last.fpa"));
        Checkpoint b = Checkpoint.read(split.resolve("last.fpa"));
        for (String section : List.of("G", "GE", "D", "G_opt", "D_opt")) {
            Map<String, NdArray> expected = a.section(section);
            Map<String, NdArray> actual = b.section(section);
            assertEquals(expected.keySet(), actual.keySet(), section);
            expected.forEach((name, array) -> assertArrayEquals(array.bytes(), actual.get(name).bytes(),
                    section + "/" + name + " differs after resuming"));
        }
        assertEquals(a.meta().step(), b.meta().step());
        assertEquals(Files.readAllLines(straight.resolve("metrics.jsonl")).stream().map(ResumeTest::withoutTiming)
                .toList(), Files.readAllLines(split.resolve("metrics.jsonl")).stream().map(ResumeTest::withoutTiming)
                .toList());
        assertTrue(Files.exists(split.resolve("samples").resolve(String.format("%07d-ema.png", n + m))));
        assertTrue(Files.exists(split.resolve("losses.png")));
    }

    /** A metrics line without the measurements that differ between runs (time and memory). */
    private static String withoutTiming(String line) {
        return line.replaceAll(",\"ms\":[^,}]*", "").replaceAll(",\"rss_mb\":[^,}]*", "");
    }
}
