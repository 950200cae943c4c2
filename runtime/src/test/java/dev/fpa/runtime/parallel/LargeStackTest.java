package dev.fpa.runtime.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LargeStackTest {
    /** Far less than the JVM's default thread stack (1 MB), as a caller deep in its own frames may have left. */
    private static final long SMALL_STACK = 256 << 10;
    private static final int DEEP = 200_000;

    @Test
    void aCallRecursesFarDeeperThanItsCallersStackAllows() throws Exception {
        assertInstanceOf(StackOverflowError.class, onSmallStack(() -> depth(DEEP)),
                "the recursion must overflow a small stack, or this test proves nothing");
        assertEquals(DEEP, onSmallStack(() -> LargeStack.call("deep", () -> depth(DEEP))));
    }

    @Test
    void whatTheCallThrowsReachesTheCaller() {
        IOException checked = new IOException("checked");
        assertSame(checked, assertThrows(IOException.class, () -> LargeStack.call("t", () -> {
            throw checked;
        })));
        IllegalStateException unchecked = new IllegalStateException("unchecked");
        assertSame(unchecked, assertThrows(IllegalStateException.class, () -> LargeStack.call("t", () -> {
            throw unchecked;
        })));
    }

    private static int depth(int n) {
        return n == 0 ? 0 : 1 + depth(n - 1);
    }

    /** The body's result, or what it threw, run on a thread with a small stack. */
    static Object onSmallStack(LargeStack.Body<Object, Exception> body) throws InterruptedException {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                outcome.set(body.call());
            } catch (Throwable e) {
                outcome.set(e);
            }
        }, "small-stack", SMALL_STACK);
        t.start();
        t.join();
        return outcome.get();
    }
}
