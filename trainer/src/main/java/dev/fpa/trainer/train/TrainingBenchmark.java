package dev.fpa.trainer.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fpa.runtime.bench.Measurements;
import dev.fpa.trainer.engine.TorchDevice;
import dev.fpa.trainer.model.config.GeneratorConfig;
import dev.fpa.trainer.model.painter.LstmDeltaSplitV2Generator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Times training iterations on uniform random images and fresh weights, whole penalty periods at a time (every
 * gp_every-th step adds the gradient penalty), and splits the time into the phases {@link PhaseClock} tells apart.
 */
public final class TrainingBenchmark {
    /** What is timed. */
    public enum Setup {
        /** The small painter (32×32 grey, H 256, T 16, latent 128) against the official discriminator. */
        SMALL("small"),
        /** The cpu-small preset: the small painter against the slim discriminator. */
        CPU_SMALL("cpu-small"),
        /**
         * The paper's U-Net recipe on the cpu-small preset (the zoo's fmnist-v2-unet): a U-Net trained on a frozen
         * small painter, gradients stopped at the painter's output.
         */
        CPU_SMALL_UNET("cpu-small-unet"),
        /** The paper-celeba64 preset: 64×64 RGB, H 1024, T 64, latent 512, the official discriminator. */
        PAPER("paper");

        private final String cliName;

        Setup(String cliName) {
            this.cliName = cliName;
        }

        public String cliName() {
            return cliName;
        }

        public static Setup parse(String name) {
            for (Setup s : values()) {
                if (s.cliName.equals(name)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown configuration '" + name + "'; known: " + Arrays.stream(
                    values()).map(Setup::cliName).collect(Collectors.joining(", ")));
        }

        ObjectNode args() {
            return switch (this) {
                case SMALL -> GeneratorConfig.small().toJson();
                case CPU_SMALL -> TrainingPreset.CPU_SMALL.args();
                case CPU_SMALL_UNET -> TrainingPreset.CPU_SMALL.args()
                        .put("model_type", LstmDeltaSplitV2Generator.MODEL_TYPE + GeneratorConfig.UNET_SUFFIX)
                        .put("unet_tanh", true).put("stop_grad_unet", true).put("frozen_base", true)
                        .put("ema_only_unet", true);
                case PAPER -> TrainingPreset.PAPER_CELEBA64.args();
            };
        }
    }

    /** How much to time: iterations per repeat default to one penalty period. */
    public record Options(Setup setup, int batchSize, int steps, int repeats, int warmup, TorchDevice device) {
        public Options {
            if (batchSize < 1 || steps < 1 || repeats < 1 || warmup < 0) {
                throw new IllegalArgumentException(
                        "--batch-size, --steps and --repeats must be positive, --warmup not negative");
            }
        }
    }

    /**
     * @param millisPerIteration each repeat's mean over its iterations
     * @param phaseMillis        each phase's mean ms per iteration over all timed repeats
     * @param peakResidentMb     the process's peak resident memory at the end, NaN where unknown
     */
    public record Result(double[] millisPerIteration, Map<PhaseClock.Phase, Double> phaseMillis,
            double peakResidentMb) {
        public Measurements iterations() {
            return new Measurements(millisPerIteration);
        }
    }

    private TrainingBenchmark() {
    }

    /** Runs the benchmark; {@code repeatDone} hears each repeat's ms per iteration as it ends. */
    public static Result run(Options o, Consumer<String> repeatDone) {
        ObjectNode args = o.setup().args();
        args.put("batch_size", o.batchSize()).put("gradient_accumulate_every", 1);
        RunConfig run = RunConfig.fromTrainerArgs(args).config();
        List<Double> millis = new ArrayList<>();
        Map<PhaseClock.Phase, Double> phases = new EnumMap<>(PhaseClock.Phase.class);
        try (TrainingState state = TrainingState.create(run, o.device().device());
                InputGradient inputGradient = InputGradient.load(o.device().device())) {
            GanStep step = new GanStep(state, inputGradient);
            RunInputs inputs = RunInputs.synthetic(state);
            for (int i = 0; i < o.warmup(); i++) {
                step.run(inputs);
            }
            step.clock().reset();
            for (int r = 0; r < o.repeats(); r++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < o.steps(); i++) {
                    step.run(inputs);
                }
                double ms = (System.nanoTime() - t0) / 1e6 / o.steps();
                millis.add(ms);
                repeatDone.accept(String.format(Locale.ROOT, "repeat %d: %.0f ms/iteration", r + 1, ms));
            }
            int iterations = o.steps() * o.repeats();
            step.clock().millis().forEach((phase, ms) -> phases.put(phase, ms / iterations));
        }
        return new Result(millis.stream().mapToDouble(Double::doubleValue).toArray(), phases,
                ResidentMemory.peakMegabytes().orElse(Double.NaN));
    }
}
