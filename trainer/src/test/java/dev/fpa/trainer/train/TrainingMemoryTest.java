package dev.fpa.trainer.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Resident memory over 1,000 iterations of the cpu-small configuration, gradient penalty included, must grow by
 * less than 100 MB: nothing an iteration computes may outlive it (DJL's double backward alone leaks ~20 MB per
 * penalty step). Measured after a warm-up, since libtorch's allocator and the JIT settle in the first steps.
 */
@Tag("slow")
class TrainingMemoryTest {
    private static final int WARMUP = 50;
    private static final int ITERATIONS = 1000;
    private static final double MAX_GROWTH_MB = 100;

    @Test
    void memoryStaysFlat() {
        RunConfig config = RunConfig.fromTrainerArgs(TrainingPreset.CPU_SMALL.args()).config();
        try (TrainingState state = TrainingState.create(config); InputGradient inputGradient = InputGradient.load()) {
            GanStep step = new GanStep(state, inputGradient);
            RunInputs inputs = RunInputs.synthetic(state);
            for (int i = 0; i < WARMUP; i++) {
                step.run(inputs);
            }
            double before = rss();
            double peak = before;
            for (int i = 1; i <= ITERATIONS; i++) {
                step.run(inputs);
                if (i % 100 == 0) {
                    double now = rss();
                    peak = Math.max(peak, now);
                    System.out.printf(Locale.ROOT, "iteration %d: RSS %.0f MB (%+.0f)%n", i, now, now - before);
                }
            }
            double growth = rss() - before;
            assertTrue(growth < MAX_GROWTH_MB, String.format(Locale.ROOT,
                    "RSS grew by %.0f MB over %d iterations (from %.0f MB, peak %.0f MB)", growth, ITERATIONS, before,
                    peak));
        }
    }

    private static double rss() {
        System.gc();
        return ResidentMemory.megabytes().orElseThrow(() -> new AssertionError("no /proc/self/status here"));
    }
}
