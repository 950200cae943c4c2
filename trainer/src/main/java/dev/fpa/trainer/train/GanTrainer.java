package dev.fpa.trainer.train;

import dev.fpa.trainer.checkpoint.Provenance;
import dev.fpa.trainer.checkpoint.Checkpoint;
import dev.fpa.runtime.progress.ProgressListener;
import dev.fpa.trainer.data.PreparedDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.OptionalDouble;

/**
 * Runs a GAN from its current step to num_train_steps, the way a long run needs it: an atomic checkpoint of the whole
 * state every save_every steps and at the end ({@code last.fpa}), a metrics line per step ({@code metrics.jsonl}),
 * sample grids of fixed latents and a loss plot every evaluate_every steps ({@code samples/}, {@code losses.png}),
 * progress with the current losses. A NaN or infinite loss reloads the last checkpoint, warns, and continues with
 * fresh random draws; {@value #MAX_FAILURES_IN_A_ROW} failures in a row stop the run with {@link DivergedException}.
 */
public final class GanTrainer implements AutoCloseable {
    static final int MAX_FAILURES_IN_A_ROW = 3;

    /** Where a run writes. */
    public record Layout(Path dir) {
        public Path last() {
            return dir.resolve("last.fpa");
        }

        /** The checkpoint with the lowest FID so far (runs that compute FID). */
        public Path best() {
            return dir.resolve("best.fpa");
        }

        public Path metrics() {
            return dir.resolve("metrics.jsonl");
        }

        public Path plot() {
            return dir.resolve("losses.png");
        }

        public Path samples() {
            return dir.resolve("samples");
        }
    }

    /**
     * How a {@link #run()} went; {@code stopped}: the run ended early on {@link #requestStop()}, with the state saved
     * at {@code lastStep}.
     */
    public record Summary(long firstStep, long lastStep, double seconds, int recoveries, boolean stopped) {
        public long steps() {
            return lastStep - firstStep;
        }

        /** Mean wall time of a step; only meaningful when {@link #steps()} is not 0. */
        public double millisPerStep() {
            return seconds * 1000 / steps();
        }
    }

    /** The losses stayed NaN or infinite after the allowed recoveries. */
    public static final class DivergedException extends RuntimeException {
        DivergedException(String message) {
            super(message);
        }
    }

    private final Layout layout;
    private final PreparedDataset data;
    private final Provenance provenance;
    private final ProgressListener progress;
    private final Consumer<String> warnings;
    private final InputGradient inputGradient;
    /** Null when the run computes no FID. */
    private final FidEvaluation fid;
    private TrainingState state;
    /** Set from a signal handler's thread, read by the training loop between steps. */
    private volatile boolean stopRequested;

    /**
     * @param state      a new state (written as the step-0 checkpoint first) or one restored from {@code last.fpa}
     * @param provenance stored in every checkpoint as meta "source"
     */
    public GanTrainer(TrainingState state, PreparedDataset data, Path dir, Provenance provenance,
            ProgressListener progress, Consumer<String> warnings, FidEvaluation fid) {
        int side = state.config().generator().imageSize();
        int channels = state.config().generator().channels();
        if (data.size() != side || data.channels() != channels) {
            throw new IllegalArgumentException("the data is " + data.size() + "px × " + data.channels()
                    + " channels but the model is " + side + "px × " + channels);
        }
        this.state = state;
        this.data = data;
        this.layout = new Layout(dir);
        this.provenance = provenance;
        this.progress = progress;
        this.warnings = warnings;
        this.fid = fid;
        this.inputGradient = InputGradient.load(state.manager().getDevice());
    }

    /**
     * Asks the run to end after the step in progress, saving the checkpoint first (the first Ctrl-C); safe to
     * call from any thread.
     */
    public void requestStop() {
        stopRequested = true;
    }

    /** The state now (after a recovery, a reloaded one). */
    public TrainingState state() {
        return state;
    }

    public Summary run() throws IOException {
        TrainingConfig t = state.config().training();
        long first = state.step();
        Files.createDirectories(layout.samples());
        if (first == 0) {
            saveCheckpoint();
        }
        int failures = 0;
        int recoveries = 0;
        boolean stopped = false;
        long failedAt = -1;
        long started = System.nanoTime();
        MetricsLog log = MetricsLog.open(layout.metrics(), first);
        try {
            GanStep step = new GanStep(state, inputGradient);
            RunInputs inputs = RunInputs.fromDataset(state, data);
            progress.start(first == 0 ? "training" : "training from step " + first, t.numTrainSteps() - first, "it");
            while (state.step() < t.numTrainSteps()) {
                long s = state.step();
                long t0 = System.nanoTime();
                GanStep.Losses losses = step.run(inputs);
                double millis = (System.nanoTime() - t0) / 1e6;
                if (!losses.finite()) {
                    failures++;
                    failedAt = Math.max(failedAt, s);
                    if (failures >= MAX_FAILURES_IN_A_ROW) {
                        throw new DivergedException(String.format(Locale.ROOT, "the losses were NaN or infinite %d "
                                + "times in a row (last at step %d, d_total %s, g_total %s); the last good state is "
                                + "%s. Try a lower --learning-rate or another --seed.", failures, s, losses.dTotal(),
                                losses.gTotal(), layout.last()));
                    }
                    reloadLastCheckpoint(s, losses, failures);
                    recoveries++;
                    log.close();
                    log = MetricsLog.open(layout.metrics(), state.step());
                    step = new GanStep(state, inputGradient);
                    inputs = RunInputs.fromDataset(state, data);
                    continue;
                }
                if (s >= failedAt) {
                    failures = 0;
                }
                long done = state.step();
                boolean last = done == t.numTrainSteps();
                double fidNow = Double.NaN;
                boolean best = false;
                if (fid != null && fid.due(done, last)) {
                    fidNow = fid.evaluate(state);
                    best = state.bestFid().isEmpty() || fidNow < state.bestFid().getAsDouble();
                    if (best) {
                        state.setBestFid(OptionalDouble.of(fidNow));
                    }
                }
                log.append(Metrics.of(s, losses, millis, ResidentMemory.megabytes().orElse(Double.NaN), fidNow));
                progress.advance(1);
                progress.status(status(losses) + (fid == null || state.bestFid().isEmpty() ? ""
                        : String.format(Locale.ROOT, " best fid %.2f", state.bestFid().getAsDouble())));
                if (best) {
                    TrainingCheckpoints.of(state, provenance).write(layout.best());
                }
                stopped = stopRequested && !last;
                if (done % t.saveEvery() == 0 || last || stopped) {
                    saveCheckpoint();
                }
                if (done % t.evaluateEvery() == 0 || last || stopped) {
                    SampleGrids.write(state, layout.samples());
                    LossPlot.write(layout.plot(), log.history(), state.config().generator().modelType());
                }
                if (stopped) {
                    break;
                }
            }
        } finally {
            progress.finish();
            log.close();
        }
        return new Summary(first, state.step(), (System.nanoTime() - started) / 1e9, recoveries, stopped);
    }

    private void saveCheckpoint() throws IOException {
        TrainingCheckpoints.of(state, provenance).write(layout.last());
    }

    /** Replaces the state by the last checkpoint's, with the next restart's random draws. */
    private void reloadLastCheckpoint(long step, GanStep.Losses losses, int failures) throws IOException {
        RunRandomness next = state.randomness().restarted();
        Checkpoint last = Checkpoint.read(layout.last());
        TrainingState reloaded = TrainingCheckpoints.restore(last, TrainingCheckpoints.config(last),
                state.manager().getDevice());
        reloaded.setRandomness(next);
        state.close();
        state = reloaded;
        warnings.accept(String.format(Locale.ROOT, "non-finite loss at step %d (d_total %s, g_total %s): reloaded "
                + "%s (step %d) and continuing with new random draws (failure %d of %d in a row)", step,
                losses.dTotal(), losses.gTotal(), layout.last(), state.step(), failures, MAX_FAILURES_IN_A_ROW));
    }

    private static String status(GanStep.Losses l) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "d %.3f g %.3f", l.dLoss(), l.gLoss()));
        if (!Double.isNaN(l.reconstruction())) {
            s.append(String.format(Locale.ROOT, " aux %.3f", l.reconstruction()));
        }
        if (!Double.isNaN(l.penalty())) {
            s.append(String.format(Locale.ROOT, " gp %.3f", l.penalty()));
        }
        return s.toString();
    }

    @Override
    public void close() {
        inputGradient.close();
        if (fid != null) {
            fid.close();
        }
        state.close();
    }
}
