package dev.fpa.cli;

import java.util.List;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Stopping long work without losing it: the first SIGINT (Ctrl-C) or SIGTERM (what {@code kill}, a job scheduler
 * or a shutting-down machine sends) asks the work to stop at its next safe point (a training step, after which the
 * checkpoint is written); a second one ends the process at once, for a user who cannot wait. SIGTERM matters for
 * runs started in the background: a shell starts background jobs with SIGINT ignored, and the JVM then never
 * delivers it. The JDK has no supported API for handling a signal without exiting, hence {@code sun.misc.Signal}
 * (module jdk.unsupported).
 */
final class GracefulInterrupt implements AutoCloseable {
    /** The shell's exit code for a process ended by SIGINT (128 + 2). */
    private static final int INTERRUPTED = 130;

    private static final List<Signal> SIGNALS = List.of(new Signal("INT"), new Signal("TERM"));

    private final List<SignalHandler> previous;
    private volatile Signal received;

    private GracefulInterrupt(Runnable firstSignal) {
        previous = SIGNALS.stream().map(s -> Signal.handle(s, signal -> {
            if (received != null) {
                Runtime.getRuntime().halt(exitCode(signal));
            }
            received = signal;
            firstSignal.run();
        })).toList();
    }

    /** Routes SIGINT and SIGTERM to {@code firstSignal} until {@link #close()}. */
    static GracefulInterrupt install(Runnable firstSignal) {
        return new GracefulInterrupt(firstSignal);
    }

    /** The exit code the shell expects after the signal that stopped the work: 130 for SIGINT, 143 for SIGTERM. */
    int exitCode() {
        return received == null ? INTERRUPTED : exitCode(received);
    }

    /** What stopped the work, for the message: "interrupted" or "terminated". */
    String verb() {
        return received != null && received.getName().equals("TERM") ? "terminated" : "interrupted";
    }

    private static int exitCode(Signal signal) {
        return 128 + signal.getNumber();
    }

    @Override
    public void close() {
        for (int i = 0; i < SIGNALS.size(); i++) {
            Signal.handle(SIGNALS.get(i), previous.get(i));
        }
    }
}
