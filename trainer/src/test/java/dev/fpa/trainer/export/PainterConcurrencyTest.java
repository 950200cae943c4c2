package dev.fpa.trainer.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.fpa.runtime.generate.Device;
import dev.fpa.runtime.generate.Painter;
import dev.fpa.trainer.checkpoint.Checkpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One Painter, many threads: every thread gets exactly the images a single thread gets. */
class PainterConcurrencyTest {
    private static final int THREADS = 10;
    private static final int ROUNDS = 5;
    private static final int SAMPLES = 12;
    private static final int BATCH = 5;

    @Test
    void tenThreadsGetTheImagesOfOne() throws Exception {
        OfficialSet fixture = OfficialSet.load("v2_grey32");
        byte[] model = OnnxExporter.export(fixture.checkpoint(), Checkpoint.EMA_GENERATOR, true, fixture.sha256(),
                "test").toByteArray();
        long[] seeds = new long[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            seeds[i] = 100 + i;
        }
        try (Painter painter = Painter.open(model, "v2_grey32", new Painter.Options(Device.CPU, 1, BATCH))) {
            float[] images = painter.generate(seeds).raw();
            float[] frames = painter.paint(seeds[0]);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<float[][]>> results = new ArrayList<>();
            try {
                for (int t = 0; t < THREADS; t++) {
                    results.add(pool.submit(() -> {
                        start.await();
                        float[][] last = null;
                        for (int r = 0; r < ROUNDS; r++) {
                            last = new float[][] {painter.generate(seeds).raw(), painter.paint(seeds[0])};
                        }
                        return last;
                    }));
                }
                start.countDown();
                for (Future<float[][]> result : results) {
                    float[][] got = result.get(2, TimeUnit.MINUTES);
                    assertArrayEquals(images, got[0]);
                    assertArrayEquals(frames, got[1]);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
