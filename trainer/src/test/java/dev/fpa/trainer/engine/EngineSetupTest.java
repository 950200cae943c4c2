package dev.fpa.trainer.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fpa.runtime.setup.Finding;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EngineSetupTest {
    @Test
    void warnsOnlyWhereOneDnnWouldComputeWrongNumbers() {
        assertEquals(Optional.empty(), EngineSetup.oneDnnWarning(true, null));
        assertEquals(Optional.empty(), EngineSetup.oneDnnWarning(false, "AVX"));
        assertEquals(Optional.empty(), EngineSetup.oneDnnWarning(false, "avx"));
        assertTrue(EngineSetup.oneDnnWarning(false, null).orElseThrow().contains("ONEDNN_MAX_CPU_ISA=AVX"));
        assertTrue(EngineSetup.oneDnnWarning(false, "AVX2").orElseThrow().contains("now AVX2"));
    }

    @Test
    void reportsTheLibtorchItLoaded() {
        List<Finding> report = EngineSetup.report();
        Finding libtorch = report.stream().filter(f -> f.topic().equals("libtorch")).findFirst().orElseThrow();
        assertFalse(libtorch.problem(), libtorch.detail());
        assertTrue(libtorch.detail().startsWith("2.7.1 from "), libtorch.detail());
        assertTrue(report.stream().anyMatch(f -> f.topic().equals("GPUs (libtorch)")
                && f.detail().startsWith("none")));
        assertTrue(report.stream().anyMatch(f -> f.topic().equals("memory allocator")));
    }
}
