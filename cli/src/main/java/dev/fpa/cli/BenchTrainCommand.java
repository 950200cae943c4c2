package dev.fpa.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fpa.trainer.model.GeneratorConfig;
import dev.fpa.trainer.train.GanStep;
import dev.fpa.trainer.train.InputGradient;
import dev.fpa.trainer.train.RunConfig;
import dev.fpa.trainer.train.RunInputs;
import dev.fpa.trainer.train.TrainingPreset;
import dev.fpa.trainer.train.TrainingState;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fpa bench train}: milliseconds per training iteration, on random images and fresh weights. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"ms per training iteration (D step, G step, both Adam steps, EMA) on uniform random images, "
                + "timed over whole penalty periods (every 4th step adds the gradient penalty).",
                "small = the small painter (32x32 grey, H 256, T 16, latent 128) against the official discriminator "
                        + "(fmap_max 512, attention 8x64); paper = the paper-celeba64 preset (64x64 RGB, H 1024, "
                        + "T 64, latent 512, official discriminator). Batch 20, no accumulation."})
final class BenchTrainCommand implements Callable<Integer> {
    private static final int BATCH = 20;

    @Option(names = "--config", defaultValue = "small", paramLabel = "small|paper",
            description = "Configuration (default: ${DEFAULT-VALUE}).")
    String config;

    @Option(names = "--batch-size", defaultValue = "" + BATCH, paramLabel = "B",
            description = "Images per batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--steps", defaultValue = "4", paramLabel = "N",
            description = "Iterations per timed repeat (default: ${DEFAULT-VALUE}, one penalty period).")
    int steps;

    @Option(names = "--repeats", defaultValue = "3", description = "Timed repeats (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--warmup", defaultValue = "1", description = "Untimed iterations first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ObjectNode args = switch (config) {
            case "small" -> GeneratorConfig.small().toJson();
            case "paper" -> TrainingPreset.PAPER_CELEBA64.args();
            default -> throw new CommandLine.ParameterException(spec.commandLine(), "--config must be small or paper");
        };
        if (batchSize < 1 || steps < 1 || repeats < 1 || warmup < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--batch-size, --steps and --repeats must be positive, --warmup not negative");
        }
        args.put("batch_size", batchSize).put("gradient_accumulate_every", 1);
        RunConfig run = RunConfig.fromTrainerArgs(args).config();
        PrintWriter out = spec.commandLine().getOut();
        double[] millis = new double[repeats];
        try (TrainingState state = TrainingState.create(run); InputGradient inputGradient = InputGradient.load()) {
            GanStep step = new GanStep(state, inputGradient);
            RunInputs inputs = RunInputs.synthetic(state);
            for (int i = 0; i < warmup; i++) {
                step.run(inputs);
            }
            for (int r = 0; r < repeats; r++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < steps; i++) {
                    step.run(inputs);
                }
                millis[r] = (System.nanoTime() - t0) / 1e6 / steps;
                out.printf(Locale.ROOT, "repeat %d: %.0f ms/iteration%n", r + 1, millis[r]);
                out.flush();
            }
        }
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        double median = repeats % 2 == 1 ? sorted[repeats / 2] : (sorted[repeats / 2 - 1] + sorted[repeats / 2]) / 2;
        out.printf(Locale.ROOT, "train config=%s batch=%d cores=%d: median %.0f ms/iteration (min %.0f, max %.0f)%n",
                config, batchSize, Runtime.getRuntime().availableProcessors(), median, sorted[0], sorted[repeats - 1]);
        return 0;
    }
}
