package dev.fpa.server;

import dev.fpa.runtime.generate.Device;
import dev.fpa.runtime.generate.Painter;
import dev.fpa.runtime.parallel.SubBatches;
import dev.fpa.runtime.zoo.ModelZoo;
import dev.fpa.runtime.zoo.ZooEntry;
import dev.fpa.runtime.zoo.ZooResolver;
import dev.fpa.server.http.AccessLog;
import dev.fpa.server.inference.ModelBatcher;
import dev.fpa.server.inference.ServedModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fpa serve} (and the main class of {@code fpa-server.jar}): starts the server and runs until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = ServeCommand.Version.class,
        sortOptions = false,
        description = {"Serve generators over HTTP: the Open Inference Protocol (KServe v2 REST, as Triton speaks "
                + "it) at /v2, with fpa's INT64 'seed' input; images, paintings and painting events for browsers "
                + "at /models; a demo page at /; counters for Prometheus at /metrics.",
                "Concurrent requests for a model are gathered into one run (--max-batch-size, "
                        + "--max-queue-delay-ms); runs use every core (--workers). Ctrl-C or SIGTERM stops it "
                        + "after the requests in flight."})
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "zoo:NAME|FILE|URL",
            description = "A generator to serve, repeatable; served under its zoo name or its file name without "
                    + ".onnx. Default: every generator of the zoo.")
    List<String> models = new ArrayList<>();

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: "
            + "${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port; 0 picks a free one and prints it "
            + "(default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--device", defaultValue = "auto", paramLabel = "auto|cpu|cuda[:i]",
            description = "Where the models run (default: ${DEFAULT-VALUE}: CUDA GPU 0 in the GPU build when one "
                    + "answers, else the CPU).")
    String device;

    @Option(names = "--workers", defaultValue = "0", paramLabel = "N",
            description = "Per model, batches run side by side and each batch is split into parts run at once on the "
                    + "CPU, one per worker; 0 = one per core (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
            description = "ONNX Runtime threads per operator in each worker; 0 = 1 with several workers, else its "
                    + "default (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--max-batch-size", defaultValue = "256", paramLabel = "N",
            description = "Most images in one run of a model (default: ${DEFAULT-VALUE}).")
    int maxBatchSize;

    @Option(names = "--max-queue-delay-ms", defaultValue = "0", paramLabel = "MS",
            description = "How long a run may wait for more requests while they keep coming (default: "
                    + "${DEFAULT-VALUE}: a run takes the requests already waiting, as Triton's default; worth raising "
                    + "for models whose run costs more than a request's HTTP and JSON).")
    long maxQueueDelayMillis;

    @Option(names = "--max-queue", defaultValue = "4096", paramLabel = "IMAGES",
            description = "Images that may wait per model; beyond, requests get 503 (default: ${DEFAULT-VALUE}).")
    long maxQueue;

    @Option(names = "--max-request-images", defaultValue = "1024", paramLabel = "N",
            description = "Most images one request may ask for; more get 413 (default: ${DEFAULT-VALUE}).")
    int maxRequestImages;

    @Option(names = "--access-log", paramLabel = "FILE|-",
            description = "Log one line per request to FILE (appended) or to standard output (-).")
    String accessLog;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** How long requests in flight may take to finish after SIGTERM. */
    private static final int SHUTDOWN_GRACE_SECONDS = 10;

    /** Threads answering HTTP requests; the models' work runs in their batchers. */
    private static final int HANDLER_THREADS = 32;

    /** fpa-server.jar's entry point; within {@code fpa}, the CLI's own --verbose and error handling apply. */
    public static void main(String[] args) {
        CommandLine line = new CommandLine(new ServeCommand());
        line.getCommandSpec().addOption(CommandLine.Model.OptionSpec.builder("--verbose").type(boolean.class)
                .description("On errors, print the stack trace too.").build());
        line.setParameterExceptionHandler((e, badArgs) -> {
            e.getCommandLine().getErr().println("fpa serve: error: " + e.getMessage() + " (see --help)");
            return CommandLine.ExitCode.USAGE;
        });
        System.exit(line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (parsed.hasMatchedOption("--verbose")) {
                e.printStackTrace(cmd.getErr());
            }
            cmd.getErr().println("fpa serve: " + e.getMessage());
            return 1;
        }).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ModelBatcher.Limits limits;
        try {
            if (port < 0 || port > 65_535 || workers < 0 || threads < 0) {
                throw new IllegalArgumentException("--port must be 0 to 65535, --workers and --threads 0 or more");
            }
            limits = new ModelBatcher.Limits(maxBatchSize, maxQueueDelayMillis, maxQueue, maxRequestImages,
                    workerCount());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Painter.Options painterOptions = new Painter.Options(Device.parse(device), threads, maxBatchSize,
                workerCount());
        List<ServedModel> served = new ArrayList<>();
        FpaServer server;
        try {
            for (String reference : references()) {
                long start = System.nanoTime();
                Painter painter = Painter.open(reference, painterOptions);
                painter.fallbackNote().ifPresent(note -> spec.commandLine().getErr().println("fpa: " + note));
                // warmed before the server answers, so the first request does not pay ONNX Runtime's first run
                painter.generate(new long[] {0});
                served.add(new ServedModel(name(reference), summary(reference, painter), painter, limits,
                        (System.nanoTime() - start) / 1e9));
            }
            server = FpaServer.start(new FpaServer.Options(host, port, HANDLER_THREADS,
                    accessLog == null ? null : AccessLog.open(accessLog)), served, Version.number());
        } catch (IOException | RuntimeException e) {
            for (ServedModel m : served) {
                m.close();
            }
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // SIGTERM or Ctrl-C: stop accepting, let requests in flight finish, then exit 0
            try {
                server.stop(SHUTDOWN_GRACE_SECONDS);
            } catch (IOException ignored) {
                // exiting anyway
            }
            stopped.countDown();
            Runtime.getRuntime().halt(0);
        }));
        out.printf("fpa serve: listening on http://%s:%d/ with %s%n", host, server.port(),
                String.join(", ", server.modelNames()));
        out.flush();
        stopped.await();
        return 0;
    }

    private int workerCount() {
        return SubBatches.workersFor(workers);
    }

    private List<String> references() throws IOException {
        if (!models.isEmpty()) {
            return models;
        }
        List<String> all = new ArrayList<>();
        for (ZooEntry e : ModelZoo.builtIn().entries()) {
            if (ZooEntry.GENERATOR.equals(e.kind())) {
                all.add(ZooResolver.PREFIX + e.name());
            }
        }
        if (all.isEmpty()) {
            throw new IOException("no --model given and the zoo has no generators");
        }
        return all;
    }

    /** The zoo name, or the file name without .onnx. */
    static String name(String reference) {
        if (reference.startsWith(ZooResolver.PREFIX)) {
            return reference.substring(ZooResolver.PREFIX.length());
        }
        String file = reference.substring(reference.lastIndexOf('/') + 1);
        String bare = file.endsWith(".onnx") ? file.substring(0, file.length() - 5) : file;
        return bare.isEmpty() ? Path.of(reference).getFileName().toString() : bare;
    }

    private static String summary(String reference, Painter painter) throws IOException {
        if (reference.startsWith(ZooResolver.PREFIX)) {
            for (ModelZoo zoo : ModelZoo.all()) {
                var entry = zoo.entry(name(reference));
                if (entry.isPresent()) {
                    return entry.get().summary();
                }
            }
        }
        var d = painter.description();
        return d.modelType() + " " + d.imageSize() + "x" + d.imageSize() + ", step " + d.trainingStep();
    }

    /** fpa's version, from the build. */
    public static final class Version implements CommandLine.IVersionProvider {
        static String number() throws IOException {
            Properties p = new Properties();
            try (InputStream in = ServeCommand.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return p.getProperty("version", "unknown");
        }

        @Override
        public String[] getVersion() throws IOException {
            return new String[] {"fpa serve " + number()};
        }
    }
}
