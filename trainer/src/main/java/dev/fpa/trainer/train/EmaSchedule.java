package dev.fpa.trainer.train;

/**
 * When the EMA generator GE is averaged and when it is reset to G (DESIGN.md §7.2), and what GE holds after a number
 * of steps: the trainer and the zoo's cards read the same rule. Below {@code ema_start} GE is a copy of G from the
 * last reset, so a card must not call it an average.
 */
public final class EmaSchedule {
    /** The official reset phase: resets fall at steps 2, 1002, 2002, … (with ema_reset_every 1000). */
    private static final int RESET_PHASE = 2;

    private final TrainingConfig t;

    public EmaSchedule(TrainingConfig training) {
        this.t = training;
    }

    /** Whether iteration {@code step} ends with GE ← decay·GE + (1 − decay)·G. */
    public boolean updatesAt(long step) {
        return step > t.emaStart() && step % t.emaEvery() == 0;
    }

    /** Whether iteration {@code step} ends with GE ← G (after its update, if any). */
    public boolean resetsAt(long step) {
        return step <= t.emaResetUntil() && step % t.emaResetEvery() == RESET_PHASE;
    }

    /** What GE holds once {@code stepsRun} iterations (0 … stepsRun − 1) have run, in words for a model card. */
    public String describeAfter(long stepsRun) {
        long last = stepsRun - 1;
        long lastReset = -1;
        for (long s = Math.min(last, t.emaResetUntil()); s >= 0; s--) {
            if (resetsAt(s)) {
                lastReset = s;
                break;
            }
        }
        long firstUpdate = Math.max(lastReset + 1, t.emaStart() + 1);
        boolean averaged = false;
        for (long s = firstUpdate; s <= last && !averaged; s++) {
            averaged = updatesAt(s);
        }
        String since = lastReset < 0 ? "the start" : "step " + (lastReset + 1) + " (the last reset to G)";
        if (averaged) {
            return "GE, the exponential moving average of G (decay " + t.emaDecay() + " every " + t.emaEvery()
                    + " steps) since " + (lastReset + 1 > t.emaStart() ? since : "step " + t.emaStart());
        }
        return "GE, a copy of G as it was at " + since + "; the average starts after step " + t.emaStart();
    }
}
