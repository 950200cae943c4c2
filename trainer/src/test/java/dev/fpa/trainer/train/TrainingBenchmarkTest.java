package dev.fpa.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fpa.trainer.model.config.GeneratorConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark's configurations are the runs they are named after. */
class TrainingBenchmarkTest {
    @Test
    void theUnetSetupIsTheZoosRecipeOnTheCpuSmallPreset() {
        RunConfig preset = RunConfig.fromTrainerArgs(TrainingPreset.CPU_SMALL.args()).config();
        RunConfig.Parsed parsed = RunConfig.fromTrainerArgs(TrainingBenchmark.Setup.CPU_SMALL_UNET.args());
        assertEquals(List.of(), parsed.unknownKeys());
        GeneratorConfig g = parsed.config().generator();
        assertEquals(preset.generator().modelType() + GeneratorConfig.UNET_SUFFIX, g.modelType());
        assertTrue(g.unetTanh() && g.stopGradUnet() && g.frozenBase());
        assertTrue(parsed.config().training().emaOnlyUnet());
        assertEquals(preset.discriminator(), parsed.config().discriminator());
        assertEquals(preset.training().batchSize(), parsed.config().training().batchSize());
    }

    @Test
    void anUnknownSetupListsTheKnownOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> TrainingBenchmark.Setup.parse("large"));
        assertEquals("unknown configuration 'large'; known: small, cpu-small, cpu-small-unet, paper", e.getMessage());
    }
}
