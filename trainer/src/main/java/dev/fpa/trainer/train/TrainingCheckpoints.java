package dev.fpa.trainer.train;

import dev.fpa.trainer.checkpoint.AdamStateLayout;
import dev.fpa.trainer.checkpoint.Checkpoint;
import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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

    /** @param provenance where the run came from (dataset, initial weights, versions), stored as meta "source" */
    public static Checkpoint of(TrainingState state, ObjectNode provenance) {
        RunConfig config = state.config();
        ObjectNode meta = JsonNodeFactory.instance.objectNode();
        meta.put("model_type", config.generator().modelType());
        meta.set("config", config.generator().toJson());
        meta.set("discriminator", config.discriminator().toJson());
        meta.set("training", config.training().toJson());
        meta.put("step", state.step());
        ObjectNode rng = meta.putObject("rng");
        rng.put("seed", state.randomness().seed());
        rng.put("restarts", state.randomness().restarts());
        rng.put("algorithm", RNG_ALGORITHM);
        if (state.bestFid().isPresent()) {
            meta.put("best_fid", state.bestFid().getAsDouble());
        } else {
            meta.putNull("best_fid");
        }
        meta.set("source", provenance);
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
        ObjectNode meta = checkpoint.meta();
        return meta.has("training") && meta.has("discriminator") && meta.has("rng");
    }

    /** The run config a training checkpoint records. */
    public static RunConfig config(Checkpoint checkpoint) {
        ObjectNode meta = checkpoint.meta();
        ObjectNode args = meta.get("config").deepCopy();
        args.setAll((ObjectNode) meta.get("discriminator"));
        args.setAll((ObjectNode) meta.get("training"));
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
        ObjectNode meta = checkpoint.meta();
        JsonNode rng = meta.get("rng");
        TrainingState state = TrainingState.create(config,
                new RunRandomness(rng.get("seed").asLong(), rng.get("restarts").asInt()), device);
        try {
            StateDictLoader.load(state.generator(), checkpoint.section(Checkpoint.GENERATOR), "");
            StateDictLoader.load(state.emaGenerator(), checkpoint.section(Checkpoint.EMA_GENERATOR), "");
            StateDictLoader.load(state.discriminator(), checkpoint.section(Checkpoint.DISCRIMINATOR), "");
            state.generatorOptimizer().loadStateDict(optimizerSection(checkpoint, AdamStateLayout.GENERATOR_SECTION));
            state.discriminatorOptimizer().loadStateDict(
                    optimizerSection(checkpoint, AdamStateLayout.DISCRIMINATOR_SECTION));
            state.setStep(meta.get("step").asLong());
            JsonNode best = meta.path("best_fid");
            state.setBestFid(best.isNumber() ? OptionalDouble.of(best.asDouble()) : OptionalDouble.empty());
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
