package dev.fpa.runtime.progress;

/**
 * Receives progress of long work (decoding a dataset, extracting features, training) so that libraries report
 * it without knowing how it is shown; the CLI draws a progress bar with rate and ETA from these calls.
 */
public interface ProgressListener {
    /** Shows nothing. */
    ProgressListener NONE = new ProgressListener() {
        @Override
        public void start(String task, long total, String unit) {
        }

        @Override
        public void advance(long steps) {
        }

        @Override
        public void finish() {
        }
    };

    /** A new task of {@code total} steps (negative when unknown), counted in {@code unit} (e.g. "img"). */
    void start(String task, long total, String unit);

    /** {@code steps} more steps are done; may be called from several threads. */
    void advance(long steps);

    /** Shows a short status after the counts, e.g. the current losses; optional. */
    default void status(String text) {
    }

    /** The task is over. */
    void finish();
}
