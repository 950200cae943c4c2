package dev.fpa.trainer.train;

import java.util.EnumMap;
import java.util.Map;

/**
 * Wall time per phase of training iterations, summed until {@link #reset()}. On the CPU libtorch runs every op before
 * it returns, so the time between two marks is the time of the work between them.
 */
public final class PhaseClock {
    /** The parts of an iteration that can be told apart (DESIGN.md §7.2). */
    public enum Phase {
        /** Real batches and latents drawn and copied into arrays. */
        DATA("data"),
        /** G's images for the D step, without gradients into G. */
        D_STEP_GENERATE("D step: G forward"),
        /** D on fakes and reals with the losses. */
        D_FORWARD("D step: D forward"),
        /** The input gradient of the real scores and the penalty built on it (penalty steps only). */
        PENALTY("D step: gradient penalty forward"),
        /** Back-propagation of D's total loss (through the penalty's graph on penalty steps). */
        D_BACKWARD("D step: backward"),
        /** D's Adam step. */
        D_ADAM("D step: Adam"),
        /** G's images and D's judgement of them. */
        G_FORWARD("G step: G and D forward"),
        /** Back-propagation of G's loss through D into G. */
        G_BACKWARD("G step: backward"),
        /** Gradient clipping (lstm_delta types) and G's Adam step. */
        G_ADAM("G step: clip and Adam"),
        /** The EMA update or reset of GE. */
        EMA("EMA");

        private final String label;

        Phase(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final Map<Phase, Long> nanos = new EnumMap<>(Phase.class);
    private long mark = System.nanoTime();

    /** Starts timing from now, without charging anything to a phase. */
    void start() {
        mark = System.nanoTime();
    }

    /** Charges the time since the last mark to {@code phase}. */
    void charge(Phase phase) {
        long now = System.nanoTime();
        nanos.merge(phase, now - mark, Long::sum);
        mark = now;
    }

    /** Milliseconds per phase since the last reset, in phase order; phases that never ran are absent. */
    public Map<Phase, Double> millis() {
        Map<Phase, Double> out = new EnumMap<>(Phase.class);
        nanos.forEach((phase, n) -> out.put(phase, n / 1e6));
        return out;
    }

    public void reset() {
        nanos.clear();
    }
}
