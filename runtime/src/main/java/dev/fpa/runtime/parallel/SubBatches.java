package dev.fpa.runtime.parallel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the parts of a batch concurrently: {@code n} items are cut into at most {@code workers} contiguous parts of
 * at least {@code minPart} items (sizes differing by at most one), the calling thread takes the first and a pool of
 * {@code workers − 1} daemon threads the others. Each item's result must not depend on the part it lands in; the
 * callers' models compute every sample on its own, which a test checks bit for bit.
 */
public final class SubBatches implements AutoCloseable {
    /** Part number {@code index} (0 on the calling thread): items {@code start … start+count−1}. */
    @FunctionalInterface
    public interface Part {
        void run(int index, int start, int count);
    }

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final int workers;
    private final int minPart;
    private final ExecutorService pool;

    /** @param workers parts run at once (1: everything on the calling thread); @param minPart smallest part */
    public SubBatches(int workers, int minPart) {
        if (workers < 1 || minPart < 1) {
            throw new IllegalArgumentException("workers and the smallest part must be at least 1");
        }
        this.workers = workers;
        this.minPart = minPart;
        if (workers == 1) {
            pool = null;
        } else {
            int id = POOLS.incrementAndGet();
            AtomicInteger threads = new AtomicInteger();
            pool = Executors.newFixedThreadPool(workers - 1, task -> {
                Thread t = new Thread(task, "fpa-sub-batch-" + id + "-" + threads.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
    }

    public int workers() {
        return workers;
    }

    /** The workers a {@code --workers} flag asks for: the count itself, or one per core for 0. */
    public static int workersFor(int requested) {
        if (requested < 0) {
            throw new IllegalArgumentException("workers must be 0 (one per core) or more");
        }
        return requested == 0 ? Runtime.getRuntime().availableProcessors() : requested;
    }

    /** How many parts a batch of {@code n} is cut into. */
    public int parts(int n) {
        return Math.max(1, Math.min(workers, n / minPart));
    }

    /** Runs every part and returns when all are done; the first failure is rethrown after the others finish. */
    public void run(int n, Part part) {
        int parts = parts(n);
        if (parts == 1) {
            part.run(0, 0, n);
            return;
        }
        List<Future<?>> others = new ArrayList<>(parts - 1);
        int base = n / parts;
        int extra = n % parts;
        int first = base + (extra > 0 ? 1 : 0);
        for (int p = 1, start = first; p < parts; p++) {
            int count = base + (p < extra ? 1 : 0);
            int from = start;
            int index = p;
            others.add(pool.submit(() -> part.run(index, from, count)));
            start += count;
        }
        RuntimeException failure = null;
        try {
            part.run(0, 0, first);
        } catch (RuntimeException e) {
            failure = e;
        }
        for (Future<?> other : others) {
            try {
                other.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException r ? r
                            : new IllegalStateException(e.getCause().getMessage(), e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the other parts of a batch ran", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
