package dev.fpa.runtime.parallel;

/**
 * Runs a call on a thread of its own with a large stack, for native code whose recursion the caller's stack may not
 * hold (ONNX Runtime's environment creation, see {@code OnnxSession.environment}). Only the pages a call touches are
 * committed, so a generous reservation costs address space, not memory.
 */
public final class LargeStack {
    /** Stack reserved for the call. */
    public static final long STACK_BYTES = 256L << 20;

    /** A call that may throw a checked exception of type {@code E}. */
    @FunctionalInterface
    public interface Body<T, E extends Exception> {
        T call() throws E;
    }

    private LargeStack() {
    }

    /** {@code body} on a thread with {@link #STACK_BYTES} of stack; its result, or what it threw. */
    public static <T, E extends Exception> T call(String threadName, Body<T, E> body) throws E {
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread thread = new Thread(null, () -> {
            try {
                result[0] = body.call();
            } catch (Throwable t) {
                failure[0] = t;
            }
        }, threadName, STACK_BYTES);
        thread.start();
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                // the call cannot be stopped halfway (a session half made); finish it, then pass the interrupt on
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return resultOrThrow(result[0], failure[0]);
    }

    @SuppressWarnings("unchecked")
    private static <T, E extends Exception> T resultOrThrow(Object result, Throwable failure) throws E {
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw (E) failure;
        }
        return (T) result;
    }
}
