package dev.fpa.cli;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C for long work: the first SIGINT asks the work to stop at its next safe point (a training step, after which
 * the checkpoint is written); a second one ends the process at once, for a user who cannot wait. The JDK has no
 * supported API for handling a signal without exiting, hence {@code sun.misc.Signal} (module jdk.unsupported).
 */
final class GracefulInterrupt implements AutoCloseable {
    /** The shell's exit code for a process ended by SIGINT (128 + 2). */
    static final int EXIT_CODE = 130;

    private static final Signal INT = new Signal("INT");

    private final SignalHandler previous;
    private volatile boolean requested;

    private GracefulInterrupt(Runnable firstInterrupt) {
        previous = Signal.handle(INT, signal -> {
            if (requested) {
                Runtime.getRuntime().halt(EXIT_CODE);
            }
            requested = true;
            firstInterrupt.run();
        });
    }

    /** Routes SIGINT to {@code firstInterrupt} until {@link #close()}. */
    static GracefulInterrupt install(Runnable firstInterrupt) {
        return new GracefulInterrupt(firstInterrupt);
    }

    @Override
    public void close() {
        Signal.handle(INT, previous);
    }
}
