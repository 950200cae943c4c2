package dev.fpa.cli;

import dev.fpa.runtime.bench.Measurements;
import dev.fpa.trainer.engine.TorchDevice;
import dev.fpa.trainer.train.TrainingBenchmark;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fpa bench train}: milliseconds per training iteration and per phase, on random images and fresh weights. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"ms per training iteration (D step, G step, both Adam steps, EMA) on uniform random images, "
                + "timed over whole penalty periods (every 4th step adds the gradient penalty), then the mean ms "
                + "per iteration of each phase and the peak resident memory.",
                "small = the small painter (32x32 grey, H 256, T 16, latent 128) against the official discriminator "
                        + "(fmap_max 512, attention 8x64); cpu-small = the cpu-small preset (the small painter "
                        + "against the slim discriminator: fmap_max 32, attention 4x16); paper = the paper-celeba64 "
                        + "preset (64x64 RGB, H 1024, T 64, latent 512, official discriminator); cpu-small-unet = "
                        + "the U-Net recipe on cpu-small (a U-Net trained on the frozen small painter, as the zoo's "
                        + "fmnist-v2-unet). No accumulation."})
final class BenchTrainCommand implements Callable<Integer> {
    @Option(names = "--config", defaultValue = "small", paramLabel = "small|cpu-small|cpu-small-unet|paper",
            description = "Configuration (default: ${DEFAULT-VALUE}).")
    String config;

    @Option(names = "--batch-size", converter = Counts.Positive.class, defaultValue = "20", paramLabel = "B",
            description = "Images per batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--steps", defaultValue = "4", paramLabel = "N",
            description = "Iterations per timed repeat (default: ${DEFAULT-VALUE}, one penalty period).")
    int steps;

    @Option(names = "--repeats", defaultValue = "3", description = "Timed repeats (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--warmup", defaultValue = "4",
            description = "Untimed iterations first (default: ${DEFAULT-VALUE}, one penalty period, so that the "
                    + "timed ones start on a penalty step).")
    int warmup;

    @Option(names = "--device", defaultValue = "auto", paramLabel = "auto|cpu|gpu[:i]",
            description = "Where libtorch computes: auto takes GPU 0 when libtorch sees one, else the CPU "
                    + "(default: ${DEFAULT-VALUE}).")
    String device;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        TrainingBenchmark.Options options;
        TorchDevice torchDevice;
        try {
            torchDevice = TorchDevice.resolve(device);
            options = new TrainingBenchmark.Options(TrainingBenchmark.Setup.parse(config), batchSize, steps, repeats,
                    warmup, torchDevice);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        Warnings.engine(spec.commandLine().getErr());
        out.println("device: " + torchDevice.description());
        TrainingBenchmark.Result result = TrainingBenchmark.run(options, line -> {
            out.println(line);
            out.flush();
        });
        Measurements perIteration = result.iterations();
        out.printf(Locale.ROOT, "train config=%s batch=%d cores=%d: median %.0f ms/iteration (min %.0f, max %.0f)%n",
                config, batchSize, Runtime.getRuntime().availableProcessors(), perIteration.median(),
                perIteration.min(), perIteration.max());
        out.println("per iteration, by phase (penalty phases averaged over all iterations):");
        result.phaseMillis().forEach((phase, ms) -> out.printf(Locale.ROOT, "  %-34s %8.1f ms%n", phase.label(), ms));
        out.printf(Locale.ROOT, "peak resident memory: %.0f MB%n", result.peakResidentMb());
        return 0;
    }
}
