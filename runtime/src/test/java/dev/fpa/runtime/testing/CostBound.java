package dev.fpa.runtime.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.junit.jupiter.api.function.Executable;

/**
 * What refusing a small hostile input may cost: seconds and a few hundred megabytes, not the gigabytes its header
 * claims. Memory is measured as the bytes allocated on the refusing thread, which counts every array however
 * briefly it lived.
 */
public final class CostBound {
    public static final Duration TIME = Duration.ofSeconds(10);
    public static final long ALLOCATED_BYTES = 256L << 20;

    private CostBound() {
    }

    /** Runs {@code action}, which must throw {@code type}, within both bounds; returns what it threw. */
    public static <T extends Throwable> T refuses(Class<T> type, Executable action) {
        return assertTimeoutPreemptively(TIME, () -> {
            long before = allocatedOnThisThread();
            T thrown = assertThrows(type, action);
            long allocated = allocatedOnThisThread() - before;
            assertTrue(allocated <= ALLOCATED_BYTES, "refusing allocated " + allocated + " bytes: " + thrown);
            return thrown;
        });
    }

    private static long allocatedOnThisThread() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
