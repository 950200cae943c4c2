package dev.fpa.cli;

import dev.fpa.runtime.latent.LatentSampler;
import dev.fpa.trainer.model.CheckpointGenerator;
import dev.fpa.trainer.model.GeneratorConfig;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fpa bench}: measured speed, printed; never asserted in tests. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure speed. Each command prints one figure per repeat and their median.",
        subcommands = {BenchCommand.Generate.class})
final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Images per second of a randomly initialised generator at a named configuration. */
    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = {"Images/s of generation at a configuration: paper = 64x64 RGB, H 1024, T 64, latent 512;",
                    "small = 32x32 grey, H 256, T 16, latent 128, mini input 64."})
    static final class Generate implements Callable<Integer> {
        @Option(names = "--engine", defaultValue = "djl", paramLabel = "djl",
                description = "Inference engine (default: ${DEFAULT-VALUE}; onnx comes with the ONNX export).")
        String engine;

        @Option(names = "--config", defaultValue = "small", paramLabel = "paper|small",
                description = "Generator configuration (default: ${DEFAULT-VALUE}).")
        String config;

        @Option(names = "--batch", defaultValue = "256", description = "Batch size (default: ${DEFAULT-VALUE}).")
        int batch;

        @Option(names = "--repeats", defaultValue = "5", description = "Timed repeats (default: ${DEFAULT-VALUE}).")
        int repeats;

        @Option(names = "--warmup", defaultValue = "2", description = "Untimed batches first (default: ${DEFAULT-VALUE}).")
        int warmup;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if (!engine.equals("djl")) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--engine: only djl exists so far");
            }
            GeneratorConfig c = switch (config) {
                case "paper" -> GeneratorConfig.paper();
                case "small" -> GeneratorConfig.small();
                default -> throw new CommandLine.ParameterException(spec.commandLine(), "--config must be paper or small");
            };
            if (batch < 1 || repeats < 1 || warmup < 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--batch and --repeats must be positive");
            }
            PrintWriter out = spec.commandLine().getOut();
            float[] z = LatentSampler.sample(0, batch, c.latentDim());
            double[] rates = new double[repeats];
            try (CheckpointGenerator g = CheckpointGenerator.random(c)) {
                for (int i = 0; i < warmup; i++) {
                    g.generate(z, batch, batch, 0);
                }
                for (int i = 0; i < repeats; i++) {
                    long t0 = System.nanoTime();
                    g.generate(z, batch, batch, 0);
                    rates[i] = batch / ((System.nanoTime() - t0) / 1e9);
                    out.printf(Locale.ROOT, "repeat %d: %.1f images/s%n", i + 1, rates[i]);
                }
            }
            double[] sorted = rates.clone();
            Arrays.sort(sorted);
            double median = repeats % 2 == 1 ? sorted[repeats / 2] : (sorted[repeats / 2 - 1] + sorted[repeats / 2]) / 2;
            out.printf(Locale.ROOT, "generate engine=%s config=%s batch=%d threads=%d: median %.1f images/s "
                    + "(min %.1f, max %.1f)%n", engine, config, batch, Runtime.getRuntime().availableProcessors(),
                    median, sorted[0], sorted[repeats - 1]);
            return 0;
        }
    }
}
