package dev.fpa.cli;

import dev.fpa.server.bench.ServeBenchmark;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fpa bench serve}: the server under load on loopback, with batching and without. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Start 'fpa serve' (every zoo generator loaded) as its own process, then time closed-loop "
                + "clients of single-image seed requests to one model for each client count: images/s, p50/p95/p99 "
                + "latency and errors, with batching (the defaults) and with --max-batch-size 1; also the time from "
                + "start to ready and the server's resident memory idle and at its peak."})
final class BenchServeCommand implements Callable<Integer> {
    @Option(names = "--clients", split = ",", defaultValue = "1,8,64,256", paramLabel = "N[,N...]",
            description = "Concurrent clients, one load each (default: ${DEFAULT-VALUE}).")
    List<Integer> clients;

    @Option(names = "--seconds", defaultValue = "10", paramLabel = "S",
            description = "Seconds per load (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--model", defaultValue = "fmnist-v2", paramLabel = "NAME",
            description = "The zoo model the clients ask (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--binary", description = "Ask for the image as binary data (the protocol's binary tensor data "
            + "extension) instead of JSON numbers.")
    boolean binary;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (seconds <= 0 || seconds > 3600 || clients.isEmpty() || clients.stream().anyMatch(c -> c < 1 || c > 1024)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--seconds must be in (0, 3600] and each "
                    + "client count from 1 to 1024");
        }
        PrintWriter out = spec.commandLine().getOut();
        Map<String, List<String>> settings = Map.of("batching", List.of(), "no batching (--max-batch-size 1)",
                List.of("--max-batch-size", "1"));
        List<ServeBenchmark.Result> results = new ArrayList<>();
        for (String name : List.of("batching", "no batching (--max-batch-size 1)")) {
            out.println(name + ":");
            out.flush();
            ServeBenchmark.Result r = ServeBenchmark.run(new ServeBenchmark.Options(settings.get(name), model,
                    clients, seconds, binary), line -> {
                        out.println("  " + line);
                        out.flush();
                    });
            results.add(r);
            out.printf(Locale.ROOT, "  start to ready %.2f s; resident memory idle %.0f MB, peak %.0f MB%n",
                    r.startSeconds(), r.idleResidentMb(), r.peakResidentMb());
        }
        out.printf(Locale.ROOT, "%-8s %-11s %12s %10s %10s %10s %s%n", "clients", "batching", "images/s", "p50 ms",
                "p95 ms", "p99 ms", "errors");
        for (int i = 0; i < clients.size(); i++) {
            for (int s = 0; s < 2; s++) {
                ServeBenchmark.Load l = results.get(s).loads().get(i);
                out.printf(Locale.ROOT, "%-8d %-11s %12.0f %10.1f %10.1f %10.1f %s%n", l.clients(), s == 0 ? "on"
                        : "off", l.requestsPerSecond(), l.latencyMillis().median(),
                        ServeBenchmark.percentile(l.latencyMillis(), 0.95),
                        ServeBenchmark.percentile(l.latencyMillis(), 0.99), l.errors());
            }
        }
        return 0;
    }
}
