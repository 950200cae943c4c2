package dev.fpa.server.bench;

import dev.fpa.runtime.bench.Measurements;
import dev.fpa.server.ServeCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A load test on loopback: starts {@code fpa serve} as a separate process (so that its memory is its own), waits
 * until it is ready, then runs closed-loop clients of single-image {@code seed} requests against one model for a
 * fixed time per client count, and reads the server's resident memory idle and at its peak.
 */
public final class ServeBenchmark {
    private static final Pattern LISTENING = Pattern.compile("listening on http://([^/]+)/");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    /**
     * What to run: server flags, the model, client counts, seconds per count, and whether the image comes back as
     * binary data (the binary tensor data extension) rather than JSON numbers.
     */
    public record Options(List<String> serverFlags, String model, List<Integer> clients, double seconds,
            boolean binaryOutput) {
    }

    /** One client count's figures. */
    public record Load(int clients, long requests, double seconds, Measurements latencyMillis,
            Map<Integer, Long> errors) {
        public double requestsPerSecond() {
            return requests / seconds;
        }
    }

    /** The figures of one server: start to ready, memory, and each load. */
    public record Result(double startSeconds, double idleResidentMb, double peakResidentMb, List<Load> loads) {
    }

    private ServeBenchmark() {
    }

    public static Result run(Options o, Consumer<String> progress) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ServeCommand.class.getName(),
                "--port", "0"));
        command.addAll(o.serverFlags());
        long start = System.nanoTime();
        Process server = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String address = awaitListening(server);
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build();
            awaitReady(client, address);
            double startSeconds = (System.nanoTime() - start) / 1e9;
            double idle = residentMb(server.pid(), "VmRSS");
            List<Load> loads = new ArrayList<>();
            AtomicLong nextSeed = new AtomicLong();
            for (int clients : o.clients()) {
                Load load = load(client, address, o, clients, nextSeed);
                progress.accept(String.format(Locale.ROOT, "%d clients: %.0f requests/s, p50 %.1f ms, p99 "
                        + "%.1f ms, errors %s", clients, load.requestsPerSecond(), load.latencyMillis().median(),
                        percentile(load.latencyMillis(), 0.99), load.errors()));
                loads.add(load);
            }
            return new Result(startSeconds, idle, residentMb(server.pid(), "VmHWM"), loads);
        } finally {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    /** The value below which a share {@code q} of the measurements lie (nearest rank). */
    public static double percentile(Measurements m, double q) {
        double[] v = m.values().clone();
        Arrays.sort(v);
        return v[(int) Math.min(v.length - 1, Math.ceil(q * v.length) - 1)];
    }

    private static Load load(HttpClient client, String address, Options o, int clients, AtomicLong nextSeed)
            throws InterruptedException {
        URI uri = URI.create("http://" + address + "/v2/models/" + o.model() + "/infer");
        long end = System.nanoTime() + (long) (o.seconds() * 1e9);
        String output = o.binaryOutput() ? "{\"name\": \"image\", \"parameters\": {\"binary_data\": true}}"
                : "{\"name\": \"image\"}";
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<List<double[]>>> results = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            results.add(pool.submit(() -> {
                List<double[]> mine = new ArrayList<>();
                while (System.nanoTime() < end) {
                    String body = "{\"inputs\": [{\"name\": \"seed\", \"shape\": [1], \"datatype\": \"INT64\", "
                            + "\"data\": [" + nextSeed.getAndIncrement() + "]}], \"outputs\": [" + output + "]}";
                    long s = System.nanoTime();
                    int status;
                    try {
                        status = client.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(
                                body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                    } catch (IOException e) {
                        status = -1;
                    }
                    mine.add(new double[] {(System.nanoTime() - s) / 1e6, status});
                }
                return mine;
            }));
        }
        pool.shutdown();
        List<Double> latencies = new ArrayList<>();
        Map<Integer, Long> errors = new TreeMap<>();
        for (Future<List<double[]>> f : results) {
            try {
                for (double[] r : f.get()) {
                    if (r[1] == 200) {
                        latencies.add(r[0]);
                    } else {
                        errors.merge((int) r[1], 1L, Long::sum);
                    }
                }
            } catch (ExecutionException e) {
                errors.merge(-1, 1L, Long::sum);
            }
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        double[] ms = latencies.stream().mapToDouble(Double::doubleValue).toArray();
        return new Load(clients, ms.length, elapsed, new Measurements(ms.length == 0 ? new double[] {0} : ms),
                errors);
    }

    private static String awaitListening(Process server) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        StringBuilder seen = new StringBuilder();
        String line;
        while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "fpa-bench-server-output");
                drain.setDaemon(true);
                drain.start();
                return m.group(1);
            }
            seen.append(line).append('\n');
        }
        throw new IOException("the server did not start: " + seen.toString().strip());
    }

    private static void awaitReady(HttpClient client, String address) throws IOException, InterruptedException {
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://" + address + "/v2/health/ready")).build();
        for (int i = 0; i < 100; i++) {
            if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IOException("the server never became ready");
    }

    /** A /proc/PID/status field in MB; NaN where there is no /proc. */
    private static double residentMb(long pid, String field) throws IOException {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        if (!Files.exists(status)) {
            return Double.NaN;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }
}
