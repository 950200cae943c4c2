package dev.fpa.server.http;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters and histograms in Prometheus's text format ({@code GET /metrics}): requests by route and status, the
 * latency by route, the batch sizes, images generated and queue depth by model, and each model's load time.
 */
public final class ServerMetrics {
    private static final double[] LATENCY_BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
        5, 10};
    private static final double[] BATCH_BUCKETS = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024};

    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, Histogram> latency = new ConcurrentHashMap<>();
    private final Map<String, Histogram> batchSizes = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> images = new ConcurrentHashMap<>();
    private final Map<String, QueueDepth> queues = new ConcurrentHashMap<>();
    private final Map<String, Double> loadSeconds = new ConcurrentHashMap<>();

    /** How many images wait in a model's queue now. */
    @FunctionalInterface
    public interface QueueDepth {
        long images();
    }

    /** Cumulative buckets, a sum and a count, as Prometheus histograms are. */
    private static final class Histogram {
        private final double[] bounds;
        private final LongAdder[] counts;
        private final DoubleAdder sum = new DoubleAdder();
        private final LongAdder count = new LongAdder();

        Histogram(double[] bounds) {
            this.bounds = bounds;
            this.counts = new LongAdder[bounds.length];
            for (int i = 0; i < bounds.length; i++) {
                counts[i] = new LongAdder();
            }
        }

        void observe(double v) {
            for (int i = 0; i < bounds.length; i++) {
                if (v <= bounds[i]) {
                    counts[i].increment();
                }
            }
            sum.add(v);
            count.increment();
        }

        void write(StringBuilder b, String name, String labels) {
            for (int i = 0; i < bounds.length; i++) {
                b.append(String.format(Locale.ROOT, "%s_bucket{%s,le=\"%s\"} %d%n", name, labels, trim(bounds[i]),
                        counts[i].sum()));
            }
            b.append(String.format(Locale.ROOT, "%s_bucket{%s,le=\"+Inf\"} %d%n", name, labels, count.sum()));
            b.append(String.format(Locale.ROOT, "%s_sum{%s} %.6f%n", name, labels, sum.sum()));
            b.append(String.format(Locale.ROOT, "%s_count{%s} %d%n", name, labels, count.sum()));
        }

        private static String trim(double v) {
            return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
        }
    }

    public void request(String route, int status, double seconds) {
        requests.computeIfAbsent("route=\"" + route + "\",status=\"" + status + "\"", k -> new LongAdder())
                .increment();
        latency.computeIfAbsent("route=\"" + route + "\"", k -> new Histogram(LATENCY_BUCKETS)).observe(seconds);
    }

    /** One run of a model over a batch of {@code count} images. */
    public void batch(String model, int count) {
        String key = "model=\"" + model + "\"";
        batchSizes.computeIfAbsent(key, k -> new Histogram(BATCH_BUCKETS)).observe(count);
        images.computeIfAbsent(key, k -> new LongAdder()).add(count);
    }

    public void queue(String model, QueueDepth depth) {
        queues.put("model=\"" + model + "\"", depth);
    }

    public void loaded(String model, double seconds) {
        loadSeconds.put("model=\"" + model + "\"", seconds);
    }

    public String text() {
        StringBuilder b = new StringBuilder();
        header(b, "fpa_requests_total", "HTTP requests by route and status.", "counter");
        requests.forEach((k, v) -> b.append("fpa_requests_total{").append(k).append("} ").append(v.sum())
                .append('\n'));
        header(b, "fpa_request_seconds", "Time to answer a request, by route.", "histogram");
        latency.forEach((k, h) -> h.write(b, "fpa_request_seconds", k));
        header(b, "fpa_batch_images", "Images per model run (a batch of requests), by model.", "histogram");
        batchSizes.forEach((k, h) -> h.write(b, "fpa_batch_images", k));
        header(b, "fpa_images_generated_total", "Images generated, by model.", "counter");
        images.forEach((k, v) -> b.append("fpa_images_generated_total{").append(k).append("} ").append(v.sum())
                .append('\n'));
        header(b, "fpa_queue_images", "Images waiting to be generated, by model.", "gauge");
        queues.forEach((k, v) -> b.append("fpa_queue_images{").append(k).append("} ").append(v.images())
                .append('\n'));
        header(b, "fpa_model_load_seconds", "Time to load, verify and warm each model.", "gauge");
        loadSeconds.forEach((k, v) -> b.append(String.format(Locale.ROOT, "fpa_model_load_seconds{%s} %.3f%n", k,
                v)));
        return b.toString();
    }

    private static void header(StringBuilder b, String name, String help, String type) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }
}
