package dev.fpa.runtime.bench;

import dev.fpa.runtime.generate.ImageSampler;
import dev.fpa.runtime.latent.LatentSampler;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Images per second of samplers on one batch of latents, run repeatedly. Every sampler is warmed up first, then
 * they are timed in turn, repeat after repeat, so that they share the box's noise and their ratio means something
 * on a busy machine.
 */
public final class GenerationBenchmark {
    /** Hears each timed batch as it ends. */
    @FunctionalInterface
    public interface Listener {
        void timed(int repeat, String sampler, double imagesPerSecond);
    }

    /** How much to time. */
    public record Options(int batch, int warmup, int repeats) {
        public Options {
            if (batch < 1 || repeats < 1 || warmup < 0) {
                throw new IllegalArgumentException("the batch and the repeats must be positive, the warm-up not "
                        + "negative");
            }
        }
    }

    /**
     * Shortest timed repeat: a batch of small images takes milliseconds, where a scheduler tick or a neighbour on a
     * shared box swings a single batch's figure by a factor of two, so a repeat runs the batch several times.
     */
    private static final double MIN_REPEAT_SECONDS = 0.5;

    private GenerationBenchmark() {
    }

    /** Images/s of each sampler by name, on latents from seed 0 (the same for all), in the map's order. */
    public static Map<String, Measurements> run(Map<String, ImageSampler> samplers, Options o, Listener listener) {
        Map<String, Runnable> batches = new LinkedHashMap<>();
        samplers.forEach((name, sampler) -> {
            float[] z = LatentSampler.sample(0, o.batch(), sampler.shape().latentDim());
            ImageSampler.LatentBatches images = sampler.fromLatents(0);
            batches.put(name, () -> images.raw(z, o.batch()));
        });
        Map<String, Integer> batchesPerRepeat = new LinkedHashMap<>();
        batches.forEach((name, batch) -> {
            for (int i = 0; i < o.warmup(); i++) {
                batch.run();
            }
            long t0 = System.nanoTime();
            batch.run();
            double seconds = (System.nanoTime() - t0) / 1e9;
            batchesPerRepeat.put(name, (int) Math.max(1, Math.ceil(MIN_REPEAT_SECONDS / seconds)));
        });
        Map<String, double[]> rates = new LinkedHashMap<>();
        batches.keySet().forEach(name -> rates.put(name, new double[o.repeats()]));
        for (int r = 0; r < o.repeats(); r++) {
            for (Map.Entry<String, Runnable> batch : batches.entrySet()) {
                int k = batchesPerRepeat.get(batch.getKey());
                long t0 = System.nanoTime();
                for (int i = 0; i < k; i++) {
                    batch.getValue().run();
                }
                double rate = (double) k * o.batch() / ((System.nanoTime() - t0) / 1e9);
                rates.get(batch.getKey())[r] = rate;
                listener.timed(r + 1, batch.getKey(), rate);
            }
        }
        Map<String, Measurements> result = new LinkedHashMap<>();
        rates.forEach((name, values) -> result.put(name, new Measurements(values)));
        return result;
    }
}
