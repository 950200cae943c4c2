package dev.fpa.trainer.train;

import dev.fpa.trainer.checkpoint.AdamStateLayout;
import dev.fpa.trainer.checkpoint.Checkpoint;
import dev.fpa.trainer.checkpoint.CheckpointMeta;
import dev.fpa.trainer.checkpoint.Provenance;
import ai.djl.Device;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fpa.runtime.array.NdArray;
import dev.fpa.trainer.model.layers.StateDictLoader;
import dev.fpa.trainer.model.layers.StateDicts;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * A {@link TrainingState} as an fpa {@link Checkpoint} and back, with everything needed to continue bit for bit:
 * sections G, GE, D, G_opt and D_opt ({@link TorchAdam#stateDict}), and in meta.json the generator config
 * ("config"), "discriminator", "training", "step" (the next iteration), "rng" (seed and restarts; every draw is a
 * function of them and the step, see {@link RunRandomness}) and "best_fid" (null until FID is computed).
 */
public final class TrainingCheckpoints {
    private static final String RNG_ALGORITHM = "fpa counter-based: SplitMix64 keyed by (seed, restarts, step, "
            + "phase, micro-batch, purpose)";

    private TrainingCheckpoints() {
    }

    /** @param provenance where the run came from (dataset, initial weights, options), stored as meta "source" */
    public static Checkpoint of(TrainingState state, Provenance provenance) {
        RunConfig config = state.config();
        CheckpointMeta meta = new CheckpointMeta(null, 0, config.generator().modelType(), config.generator().toJson(),
                null, config.discriminator().toJson(), config.training().toJson(), state.step(),
                new CheckpointMeta.Rng(state.randomness().seed(), state.randomness().restarts(), RNG_ALGORITHM),
                state.bestFid().isPresent() ? state.bestFid().getAsDouble() : null, provenance);
        Map<String, Map<String, NdArray>> sections = new LinkedHashMap<>();
        sections.put(Checkpoint.GENERATOR, StateDicts.of(state.generator()));
        sections.put(Checkpoint.EMA_GENERATOR, StateDicts.of(state.emaGenerator()));
        sections.put(Checkpoint.DISCRIMINATOR, StateDicts.of(state.discriminator()));
        sections.put(AdamStateLayout.GENERATOR_SECTION, state.generatorOptimizer().stateDict());
        sections.put(AdamStateLayout.DISCRIMINATOR_SECTION, state.discriminatorOptimizer().stateDict());
        return new Checkpoint(meta, sections);
    }

    /** Whether the checkpoint was written by {@code fpa train} (imported ones lack the training state). */
    public static boolean isTrainingCheckpoint(Checkpoint checkpoint) {
        return checkpoint.meta().isTraining();
    }

    /** The run config a training checkpoint records. */
    public static RunConfig config(Checkpoint checkpoint) {
        CheckpointMeta meta = checkpoint.meta();
        ObjectNode args = meta.config().deepCopy();
        args.setAll((ObjectNode) meta.discriminator());
        args.setAll((ObjectNode) meta.training());
        return RunConfig.fromTrainerArgs(args).config();
    }

    /** The state a training checkpoint holds, on the CPU, ready to continue at its step. */
    public static TrainingState restore(Checkpoint checkpoint) {
        return restore(checkpoint, config(checkpoint), Device.cpu());
    }

    /**
     * The same with some training options changed (say, more steps); the networks must be the checkpoint's.
     *
     * @throws IllegalArgumentException if the checkpoint holds no training state or other networks
     */
    public static TrainingState restore(Checkpoint checkpoint, RunConfig config, Device device) {
        if (!isTrainingCheckpoint(checkpoint)) {
            throw new IllegalArgumentException("not a training checkpoint (no training state in meta.json); "
                    + "start a new run from it with --load-pre-trained instead");
        }
        CheckpointMeta meta = checkpoint.meta();
        TrainingState state = TrainingState.create(config,
                new RunRandomness(meta.rng().seed(), meta.rng().restarts()), device);
        try {
            StateDictLoader.load(state.generator(), checkpoint.section(Checkpoint.GENERATOR), "");
            StateDictLoader.load(state.emaGenerator(), checkpoint.section(Checkpoint.EMA_GENERATOR), "");
            StateDictLoader.load(state.discriminator(), checkpoint.section(Checkpoint.DISCRIMINATOR), "");
            state.generatorOptimizer().loadStateDict(optimizerSection(checkpoint, AdamStateLayout.GENERATOR_SECTION));
            state.discriminatorOptimizer().loadStateDict(
                    optimizerSection(checkpoint, AdamStateLayout.DISCRIMINATOR_SECTION));
            state.setStep(meta.step());
            state.setBestFid(meta.bestFid() != null ? OptionalDouble.of(meta.bestFid()) : OptionalDouble.empty());
            return state;
        } catch (RuntimeException e) {
            state.close();
            throw e;
        }
    }

    /** An optimizer's state; a section with no entries (no step taken yet) is not stored at all. */
    static Map<String, NdArray> optimizerSection(Checkpoint checkpoint, String section) {
        return checkpoint.has(section) ? checkpoint.section(section) : Map.of();
    }
}
