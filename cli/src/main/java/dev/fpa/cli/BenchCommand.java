package dev.fpa.cli;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.fpa.runtime.generate.OnnxSession;
import dev.fpa.runtime.generate.Painter;
import dev.fpa.runtime.latent.LatentSampler;
import dev.fpa.runtime.zoo.ModelReference;
import dev.fpa.trainer.export.OnnxExporter;
import dev.fpa.trainer.model.CheckpointGenerator;
import dev.fpa.trainer.model.config.GeneratorConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fpa bench}: measured speed, printed; never asserted in tests. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure speed. Each command prints one figure per repeat and their median.",
        subcommands = {BenchCommand.Generate.class, BenchTrainCommand.class, BenchFidCommand.class})
final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Images per second of a randomly initialised generator at a named configuration, on one or both engines. */
    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = {"Images/s of generation at a configuration: paper = 64x64 RGB, H 1024, T 64, latent 512;",
                    "small = 32x32 grey, H 256, T 16, latent 128, mini input 64.",
                    "Both engines run the same random weights; ONNX Runtime runs the graph of 'fpa export'."})
    static final class Generate implements Callable<Integer> {
        private static final String ONNX = "onnx";
        private static final String DJL = "djl";
        private static final String ANCHOR = "anchor";
        private static final String BUILT_IN_ANCHOR = "built-in";
        /** The official small generator as torch.onnx exports it; see the README beside it. */
        private static final String ANCHOR_RESOURCE = "/dev/fpa/cli/bench/small_v2_torch_export.onnx";
        private static final String SMALL = "small";

        @Option(names = "--engine", defaultValue = "onnx,djl", split = ",", paramLabel = "onnx|djl",
                description = "Engines to time, in this order (default: ${DEFAULT-VALUE}).")
        List<String> engines;

        @Option(names = "--config", defaultValue = SMALL, paramLabel = "paper|small",
                description = "Generator configuration (default: ${DEFAULT-VALUE}).")
        String config;

        @Option(names = "--batch", defaultValue = "256", description = "Batch size (default: ${DEFAULT-VALUE}).")
        int batch;

        @Option(names = "--repeats", defaultValue = "5", description = "Timed repeats (default: ${DEFAULT-VALUE}).")
        int repeats;

        @Option(names = "--warmup", defaultValue = "2", description = "Untimed batches first (default: "
                + "${DEFAULT-VALUE}).")
        int warmup;

        @Option(names = "--anchor", arity = "0..1", paramLabel = "FILE", fallbackValue = BUILT_IN_ANCHOR,
                description = "With the onnx engine at the small config, also time this graph, alternating "
                        + "repeats with ours (without FILE: the official generator exported by torch.onnx, which "
                        + "ships inside fpa).")
        String anchor;

        @Mixin
        DeviceOptions device;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        /** One timed batch. */
        @FunctionalInterface
        private interface Run {
            void once() throws Exception;
        }

        @Override
        public Integer call() throws Exception {
            GeneratorConfig c = switch (config) {
                case "paper" -> GeneratorConfig.paper();
                case SMALL -> GeneratorConfig.small();
                default -> throw new CommandLine.ParameterException(spec.commandLine(), "--config must be paper or "
                        + "small");
            };
            if (batch < 1 || repeats < 1 || warmup < 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--batch and --repeats must be positive");
            }
            if (!List.of(ONNX, DJL).containsAll(engines)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--engine takes onnx, djl or both");
            }
            if (anchor != null && (!engines.contains(ONNX) || !config.equals(SMALL))) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--anchor runs beside the onnx engine at the small config");
            }
            PrintWriter out = spec.commandLine().getOut();
            float[] z = LatentSampler.sample(0, batch, c.latentDim());
            Map<String, double[]> rates = new LinkedHashMap<>();
            try (CheckpointGenerator g = CheckpointGenerator.random(c)) {
                // ONNX Runtime first: libtorch's worker threads would otherwise still spin while it is timed.
                for (String engine : engines) {
                    if (engine.equals(ONNX)) {
                        rates.putAll(timeOnnx(g, c, z, out));
                    } else {
                        Run djl = () -> g.generate(z, batch, batch, 0);
                        rates.putAll(time(Map.of(DJL, djl), out));
                    }
                }
            }
            rates.forEach((engine, r) -> {
                double[] sorted = r.clone();
                Arrays.sort(sorted);
                double median = repeats % 2 == 1 ? sorted[repeats / 2]
                        : (sorted[repeats / 2 - 1] + sorted[repeats / 2]) / 2;
                out.printf(Locale.ROOT, "generate engine=%s config=%s batch=%d cores=%d onnx-threads=%s: median %.1f "
                        + "images/s (min %.1f, max %.1f)%n", engine, config, batch,
                        Runtime.getRuntime().availableProcessors(), device.threads == 0 ? "auto" : device.threads,
                        median, sorted[0], sorted[repeats - 1]);
            });
            return 0;
        }

        private byte[] anchorBytes() throws IOException {
            if (!anchor.equals(BUILT_IN_ANCHOR)) {
                return ModelReference.read(anchor).bytes();
            }
            try (InputStream in = BenchCommand.class.getResourceAsStream(ANCHOR_RESOURCE)) {
                if (in == null) {
                    throw new IOException("the built-in anchor " + ANCHOR_RESOURCE + " is missing from this build");
                }
                return in.readAllBytes();
            }
        }

        private Map<String, double[]> timeOnnx(CheckpointGenerator g, GeneratorConfig c, float[] z, PrintWriter out)
                throws Exception {
            ModelProto graph = OnnxExporter.export(g.generator(), false,
                    new OnnxExporter.Provenance("random", 0, "", FpaCommand.Version.number()));
            byte[] model = graph.toByteArray();
            Map<String, Run> runs = new LinkedHashMap<>();
            List<AutoCloseable> open = new ArrayList<>();
            try {
                Painter painter = Painter.open(model, "the " + config + " graph", device.painterOptions(batch));
                open.add(painter);
                runs.put(ONNX, () -> painter.generate(z, batch, 0));
                if (anchor != null) {
                    OnnxSession session = OnnxSession.open(anchorBytes(), painter.device(), device.threads);
                    open.add(session);
                    Map<String, OnnxSession.Tensor> input = Map.of(session.inputNames().iterator().next(),
                            new OnnxSession.Tensor(z, new long[] {batch, c.latentDim()}));
                    Set<String> output = Set.of(session.outputNames().iterator().next());
                    runs.put(ANCHOR, () -> session.run(input, output));
                }
                out.printf("onnx: %s, %d nodes%n", painter.device(), graph.getGraph().getNodeCount());
                return time(runs, out);
            } finally {
                for (AutoCloseable resource : open) {
                    resource.close();
                }
            }
        }

        /** Warms every run up, then times them in turn, repeat after repeat, so that they share the box's noise. */
        private Map<String, double[]> time(Map<String, Run> runs, PrintWriter out) throws Exception {
            for (Run run : runs.values()) {
                for (int i = 0; i < warmup; i++) {
                    run.once();
                }
            }
            Map<String, double[]> rates = new LinkedHashMap<>();
            runs.keySet().forEach(name -> rates.put(name, new double[repeats]));
            for (int i = 0; i < repeats; i++) {
                for (Map.Entry<String, Run> run : runs.entrySet()) {
                    long t0 = System.nanoTime();
                    run.getValue().once();
                    double rate = batch / ((System.nanoTime() - t0) / 1e9);
                    rates.get(run.getKey())[i] = rate;
                    out.printf(Locale.ROOT, "repeat %d %s: %.1f images/s%n", i + 1, run.getKey(), rate);
                }
            }
            return rates;
        }
    }
}
