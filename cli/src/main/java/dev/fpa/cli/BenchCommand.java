package dev.fpa.cli;

import dev.fpa.runtime.bench.GenerationBenchmark;
import dev.fpa.runtime.bench.Measurements;
import dev.fpa.runtime.generate.ForeignGraphSampler;
import dev.fpa.runtime.generate.ImageSampler;
import dev.fpa.runtime.generate.Painter;
import dev.fpa.runtime.zoo.ModelReference;
import dev.fpa.trainer.export.OnnxExporter;
import dev.fpa.trainer.model.CheckpointGenerator;
import dev.fpa.trainer.model.DjlSampler;
import dev.fpa.trainer.model.config.GeneratorConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fpa bench}: measured speed, printed; never asserted in tests. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure speed. Each command prints one figure per repeat and their median.")
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

        @Override
        public Integer call() throws Exception {
            GeneratorConfig c = switch (config) {
                case "paper" -> GeneratorConfig.paper();
                case SMALL -> GeneratorConfig.small();
                default -> throw new CommandLine.ParameterException(spec.commandLine(), "--config must be paper or "
                        + "small");
            };
            GenerationBenchmark.Options options;
            try {
                options = new GenerationBenchmark.Options(batch, warmup, repeats);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            if (!List.of(ONNX, DJL).containsAll(engines)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--engine takes onnx, djl or both");
            }
            if (anchor != null && (!engines.contains(ONNX) || !config.equals(SMALL))) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--anchor runs beside the onnx engine at the small config");
            }
            PrintWriter out = spec.commandLine().getOut();
            GenerationBenchmark.Listener listener = (repeat, name, rate) -> {
                out.printf(Locale.ROOT, "repeat %d %s: %.1f images/s%n", repeat, name, rate);
                out.flush();
            };
            Map<String, Measurements> rates = new LinkedHashMap<>();
            Map<String, String> settings = new LinkedHashMap<>();
            try (CheckpointGenerator random = CheckpointGenerator.random(c)) {
                byte[] model = OnnxExporter.export(random.generator(), false,
                        new OnnxExporter.Provenance("random", 0, "", FpaCommand.Version.number())).toByteArray();
                // ONNX Runtime first: libtorch's worker threads would otherwise still spin while it is timed.
                for (String engine : engines) {
                    Map<String, ImageSampler> samplers = new LinkedHashMap<>();
                    try {
                        if (engine.equals(ONNX)) {
                            Painter painter = Painter.open(model, "the " + config + " graph",
                                    device.painterOptions(batch));
                            samplers.put(ONNX, painter);
                            settings.put(ONNX, device.parallel.describe() + " parts=" + painter.partsPerBatch(batch));
                            out.printf("onnx: %s, each batch of %d in %d part(s), %s%n", painter.device(), batch,
                                    painter.partsPerBatch(batch), device.parallel.describe());
                            if (anchor != null) {
                                // the anchor runs as a user would run it: one session, ONNX Runtime's default threads
                                samplers.put(ANCHOR, ForeignGraphSampler.open(anchorBytes(), "the anchor",
                                        painter.device(), 0));
                                settings.put(ANCHOR, "one session, onnx-threads=auto");
                            }
                        } else {
                            settings.put(DJL, "libtorch default threads");
                            samplers.put(DJL, new DjlSampler(CheckpointGenerator.random(c), batch, "random " + config
                                    + " generator on DJL"));
                        }
                        rates.putAll(GenerationBenchmark.run(samplers, options, listener));
                    } finally {
                        for (ImageSampler sampler : samplers.values()) {
                            sampler.close();
                        }
                    }
                }
            }
            rates.forEach((engine, r) -> out.printf(Locale.ROOT, "generate engine=%s config=%s batch=%d cores=%d "
                    + "%s: median %.1f images/s (min %.1f, max %.1f)%n", engine, config, batch,
                    Runtime.getRuntime().availableProcessors(), settings.get(engine), r.median(), r.min(), r.max()));
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
    }
}
