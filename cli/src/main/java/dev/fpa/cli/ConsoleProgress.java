package dev.fpa.cli;

import dev.fpa.runtime.progress.ProgressListener;
import java.text.DecimalFormat;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar on stderr with count, rate and ETA, fed by library progress events. */
final class ConsoleProgress implements ProgressListener {
    /** Characters per progress line when stderr is no terminal. */
    private static final int PIPE_WIDTH = 100;

    private ProgressBar bar;

    @Override
    public synchronized void start(String task, long total, String unit) {
        finish();
        bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setUnit(" " + unit, 1)
                .showSpeed(new DecimalFormat("0.0")) // the default "#.0" prints 0.4 as ".4"
                .setUpdateIntervalMillis(500)
                .setConsumer(System.console() != null ? new ConsoleProgressBarConsumer(System.err)
                        // not a terminal (a pipe, a log file): a fixed width, since asking a terminal for it starts
                        // a process (about 0.2 s per command)
                        : new ConsoleProgressBarConsumer(System.err, PIPE_WIDTH))
                .build();
    }

    @Override
    public synchronized void advance(long steps) {
        if (bar != null) {
            bar.stepBy(steps);
        }
    }

    @Override
    public synchronized void status(String text) {
        if (bar != null) {
            // The bar prints the message right after the rate.
            bar.setExtraMessage(" " + text);
        }
    }

    @Override
    public synchronized void finish() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
