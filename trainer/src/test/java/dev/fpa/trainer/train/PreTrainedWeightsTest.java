package dev.fpa.trainer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fpa.runtime.array.NdArray;
import dev.fpa.trainer.checkpoint.Checkpoint;
import dev.fpa.trainer.checkpoint.Provenance;
import dev.fpa.trainer.model.layers.StateDicts;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** --load-pre-trained with --pre-trained-use: which of the source's generators starts G. */
class PreTrainedWeightsTest {
    @Test
    void theEmaChoiceLoadsTheSourcesGeIntoBothGenerators() {
        RunConfig config = TinyRun.config(2);
        try (TrainingState source = TrainingState.create(config)) {
            Checkpoint saved = TrainingCheckpoints.of(source, Provenance.unknown());
            Map<String, NdArray> g = saved.section(Checkpoint.GENERATOR);
            Map<String, NdArray> ema = doubled(g);
            Checkpoint differing = new Checkpoint(saved.meta(), Map.of(Checkpoint.GENERATOR, g,
                    Checkpoint.EMA_GENERATOR, ema));

            assertLoads(differing, config, Checkpoint.EMA_GENERATOR, ema, ema, "G (from the checkpoint's GE)");
            assertLoads(differing, config, Checkpoint.GENERATOR, g, ema, "G: loaded");
        }
    }

    @Test
    void theFlagNamesGOrEma() {
        assertEquals(Checkpoint.EMA_GENERATOR, PreTrainedWeights.sectionOf("EMA"));
        assertEquals(Checkpoint.GENERATOR, PreTrainedWeights.sectionOf("g"));
        assertEquals("ema", Checkpoint.choiceOf(Checkpoint.EMA_GENERATOR));
        var e = assertThrows(IllegalArgumentException.class, () -> PreTrainedWeights.sectionOf("d"));
        assertEquals("--pre-trained-use must be g or ema, not d", e.getMessage());
    }

    private static void assertLoads(Checkpoint source, RunConfig config, String use, Map<String, NdArray> expectedG,
            Map<String, NdArray> expectedGe, String note) {
        try (TrainingState target = TrainingState.create(config)) {
            List<String> notes = PreTrainedWeights.load(source, target,
                    new PreTrainedWeights.Options(true, true, true, use));
            assertTrue(notes.get(0).startsWith(note), notes.toString());
            assertSame(expectedG, StateDicts.of(target.generator()));
            assertSame(expectedGe, StateDicts.of(target.emaGenerator()));
        }
    }

    private static void assertSame(Map<String, NdArray> expected, Map<String, NdArray> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((name, array) -> assertArrayEquals(array.bytes(), actual.get(name).bytes(), name));
    }

    /** Each float tensor times two, so that GE differs from G everywhere the init is not zero. */
    private static Map<String, NdArray> doubled(Map<String, NdArray> section) {
        Map<String, NdArray> out = new LinkedHashMap<>();
        section.forEach((name, array) -> {
            float[] values = array.toFloatArray();
            for (int i = 0; i < values.length; i++) {
                values[i] *= 2;
            }
            out.put(name, NdArray.of(values, array.shape()));
        });
        return out;
    }
}
