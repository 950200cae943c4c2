package dev.fpa.runtime.parallel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class SubBatchesTest {

    @Test
    void everyItemLandsInExactlyOnePartAndPartsDifferByAtMostOne() {
        try (SubBatches batches = new SubBatches(3, 4)) {
            for (int n : new int[] {1, 7, 8, 12, 13, 14, 100, 257}) {
                AtomicIntegerArray hits = new AtomicIntegerArray(n);
                ConcurrentHashMap<Integer, Integer> sizes = new ConcurrentHashMap<>();
                batches.run(n, (index, start, count) -> {
                    sizes.put(index, count);
                    for (int i = start; i < start + count; i++) {
                        hits.incrementAndGet(i);
                    }
                });
                int[] expected = new int[n];
                Arrays.fill(expected, 1);
                int[] seen = new int[n];
                for (int i = 0; i < n; i++) {
                    seen[i] = hits.get(i);
                }
                assertArrayEquals(expected, seen, "n=" + n);
                assertEquals(batches.parts(n), sizes.size(), "n=" + n);
                int min = sizes.values().stream().mapToInt(Integer::intValue).min().orElseThrow();
                int max = sizes.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
                assertTrue(max - min <= 1, "n=" + n + " sizes " + sizes);
                assertTrue(sizes.size() == 1 || min >= 4, "n=" + n + " sizes " + sizes);
            }
        }
    }

    @Test
    void partsRunConcurrentlyOnTheCallerAndThePool() throws Exception {
        try (SubBatches batches = new SubBatches(2, 1)) {
            // each part waits for the other: this returns only if both run at the same time
            CountDownLatch bothStarted = new CountDownLatch(2);
            batches.run(2, (index, start, count) -> {
                bothStarted.countDown();
                try {
                    assertTrue(bothStarted.await(10, TimeUnit.SECONDS), "the other part never started");
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    @Test
    void aFailureIsRethrownAfterTheOtherPartsFinish() {
        try (SubBatches batches = new SubBatches(4, 1)) {
            AtomicIntegerArray finished = new AtomicIntegerArray(4);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> batches.run(4,
                    (index, start, count) -> {
                        if (index == 2) {
                            throw new IllegalStateException("part 2 failed");
                        }
                        finished.set(index, 1);
                    }));
            assertEquals("part 2 failed", e.getMessage());
            assertEquals(3, finished.get(0) + finished.get(1) + finished.get(3), finished.toString());
        }
    }

    @Test
    void zeroWorkersMeansOnePerCore() {
        assertEquals(Runtime.getRuntime().availableProcessors(), SubBatches.workersFor(0));
        assertEquals(3, SubBatches.workersFor(3));
        assertThrows(IllegalArgumentException.class, () -> SubBatches.workersFor(-1));
    }
}
