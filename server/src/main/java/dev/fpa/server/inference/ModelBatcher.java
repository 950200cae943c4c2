package dev.fpa.server.inference;

import dev.fpa.runtime.generate.Painter;
import dev.fpa.server.http.HttpError;
import dev.fpa.server.http.ServerMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gathers concurrent requests for one model into one run: a run takes the requests waiting, and while requests
 * keep coming, those arriving within {@code maxQueueDelayMillis}, up to {@code maxBatchSize} images (a larger
 * request runs alone).
 * {@code workers} threads take batches from the queue and run them side by side, and the painter also splits a
 * large batch across the cores, so one busy model keeps every core working. Results never depend on batch mates:
 * every sample is computed on its own. A full queue refuses new requests (503) instead of letting latency and
 * memory grow without bound.
 */
public final class ModelBatcher implements AutoCloseable {
    /** Batching and admission limits. */
    public record Limits(int maxBatchSize, long maxQueueDelayMillis, long maxQueueImages, int maxRequestImages,
            int workers) {
        public Limits {
            if (maxBatchSize < 1 || maxQueueDelayMillis < 0 || maxQueueImages < 1 || maxRequestImages < 1
                    || workers < 1) {
                throw new IllegalArgumentException("batch, queue, request and worker counts must be positive, the "
                        + "delay not negative");
            }
        }
    }

    private record Job(Painter.Inputs inputs, CompletableFuture<Painter.Images> result) {
    }

    private final String name;
    private final Painter painter;
    private final Limits limits;
    private final LinkedBlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queuedImages = new AtomicLong();
    /** One worker gathers at a time, so that batches fill up instead of splitting the queue between workers. */
    private final Object gathering = new Object();
    private final List<Thread> workers = new ArrayList<>();
    private volatile ServerMetrics metrics;
    private volatile boolean closed;

    ModelBatcher(String name, Painter painter, Limits limits) {
        this.name = name;
        this.painter = painter;
        this.limits = limits;
        for (int i = 0; i < limits.workers(); i++) {
            Thread worker = new Thread(this::loop, "fpa-batcher-" + name + "-" + (i + 1));
            worker.setDaemon(true);
            worker.start();
            workers.add(worker);
        }
    }

    public Limits limits() {
        return limits;
    }

    /** Counts this model's batches and queue in {@code m}. */
    public void report(ServerMetrics m) {
        this.metrics = m;
        m.queue(name, queuedImages::get);
    }

    /** Images for the inputs, once a batch that holds them has run; refused when the queue is full. */
    public CompletableFuture<Painter.Images> submit(Painter.Inputs inputs) {
        if (inputs.count() > limits.maxRequestImages()) {
            throw new HttpError(HttpError.TOO_LARGE, "a request may ask for at most " + limits.maxRequestImages()
                    + " images, this one asks for " + inputs.count());
        }
        if (closed) {
            throw new HttpError(HttpError.UNAVAILABLE, "the server is shutting down");
        }
        if (queuedImages.addAndGet(inputs.count()) > limits.maxQueueImages()) {
            queuedImages.addAndGet(-inputs.count());
            throw new HttpError(HttpError.UNAVAILABLE, "model " + name + " has " + limits.maxQueueImages()
                    + " images waiting; try again later");
        }
        Job job = new Job(inputs, new CompletableFuture<>());
        queue.add(job);
        return job.result();
    }

    /** Submits the inputs and waits for their images; the batch's failure is rethrown as it happened. */
    public Painter.Images generate(Painter.Inputs inputs) {
        try {
            return submit(inputs).get();
        } catch (ExecutionException ex) {
            if (ex.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("model " + name + " failed: " + ex.getCause().getMessage(),
                    ex.getCause());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new HttpError(HttpError.UNAVAILABLE, "the server is shutting down");
        }
    }

    private void loop() {
        while (!closed) {
            List<Job> batch = new ArrayList<>();
            int images;
            try {
                synchronized (gathering) {
                    images = gather(batch);
                }
            } catch (InterruptedException e) {
                batch.forEach(j -> j.result().completeExceptionally(new HttpError(HttpError.UNAVAILABLE,
                        "the server is shutting down")));
                return;
            }
            if (!batch.isEmpty()) {
                run(batch, images);
            }
        }
    }

    /**
     * Takes the next batch: the first job and every waiting one that fits; then, only when others were already
     * waiting (the traffic is concurrent), more that arrive within the queue delay. A lone client thus never waits
     * for batch mates that cannot come.
     */
    private int gather(List<Job> batch) throws InterruptedException {
        Job first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
            return 0;
        }
        batch.add(first);
        int images = first.inputs().count();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(limits.maxQueueDelayMillis());
        boolean concurrent = false;
        while (images < limits.maxBatchSize()) {
            Job next = queue.peek();
            if (next != null && images + next.inputs().count() > limits.maxBatchSize()) {
                break;
            }
            long wait = deadline - System.nanoTime();
            next = next != null ? queue.poll() : concurrent && wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS)
                    : null;
            if (next == null) {
                break;
            }
            concurrent = true;
            batch.add(next);
            images += next.inputs().count();
        }
        return images;
    }

    private void run(List<Job> batch, int images) {
        queuedImages.addAndGet(-images);
        try {
            Painter.Images all = painter.generate(concatenate(batch, images));
            int per = all.channels() * all.size() * all.size();
            int at = 0;
            for (Job job : batch) {
                int n = job.inputs().count();
                float[] image = new float[n * per];
                float[] raw = new float[n * per];
                System.arraycopy(all.images(), at * per, image, 0, image.length);
                System.arraycopy(all.raw(), at * per, raw, 0, raw.length);
                job.result().complete(new Painter.Images(image, raw, n, all.channels(), all.size()));
                at += n;
            }
            ServerMetrics m = metrics;
            if (m != null) {
                m.batch(name, images);
            }
        } catch (RuntimeException e) {
            batch.forEach(j -> j.result().completeExceptionally(e));
        }
    }

    private static Painter.Inputs concatenate(List<Job> batch, int images) {
        if (batch.size() == 1) {
            return batch.get(0).inputs();
        }
        int latentsPer = batch.get(0).inputs().latents().length / batch.get(0).inputs().count();
        int noisePer = batch.get(0).inputs().noise().length / batch.get(0).inputs().count();
        float[] latents = new float[images * latentsPer];
        float[] noise = new float[images * noisePer];
        int at = 0;
        for (Job job : batch) {
            Painter.Inputs in = job.inputs();
            System.arraycopy(in.latents(), 0, latents, at * latentsPer, in.latents().length);
            System.arraycopy(in.noise(), 0, noise, at * noisePer, in.noise().length);
            at += in.count();
        }
        return new Painter.Inputs(latents, noise, images);
    }

    @Override
    public void close() {
        closed = true;
        workers.forEach(Thread::interrupt);
        Job left;
        while ((left = queue.poll()) != null) {
            left.result().completeExceptionally(new HttpError(HttpError.UNAVAILABLE, "the server is shutting down"));
        }
    }
}
