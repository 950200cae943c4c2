package dev.fpa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** fpa doctor on this machine (no GPU): every line there, none a problem, and it says where training runs. */
class DoctorCommandTest {
    private final CliRunner fpa = new CliRunner();

    @Test
    void describesTheSetupAndFindsNothingWrong() {
        assertEquals(0, fpa.run("doctor"), fpa.out() + fpa.err());
        String out = fpa.out();
        for (String topic : List.of("Java", "OS", "ONNX Runtime", "FID kernels", "zoo built-in", "DJL", "libtorch",
                "GPUs (libtorch)", "oneDNN", "memory allocator", "data cache")) {
            assertTrue(out.lines().anyMatch(l -> l.startsWith(topic)), topic + " missing:\n" + out);
        }
        assertTrue(out.contains("CPUExecutionProvider"), out);
        assertTrue(out.contains("none: training runs on the CPU"), out);
        assertTrue(out.contains("every checksum matches"), out);
        assertFalse(out.contains("PROBLEM"), out);
    }
}
