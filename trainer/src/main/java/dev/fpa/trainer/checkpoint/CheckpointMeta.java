package dev.fpa.trainer.checkpoint;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A checkpoint's {@code meta.json}: the format and its version, the model type and the full generator config under
 * official option names, and, for training checkpoints, the discriminator's and the trainer's options, the next
 * step, the random state and the best FID; for imported ones, the official arguments. Where the weights came from
 * is {@link Provenance}. Absent fields are left out of the file; unknown ones are ignored when reading.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record CheckpointMeta(
        @JsonProperty("format") String format,
        @JsonProperty("version") int version,
        @JsonProperty("model_type") String modelType,
        @JsonProperty("config") JsonNode config,
        @JsonProperty("trainer_args") JsonNode trainerArgs,
        @JsonProperty("discriminator") JsonNode discriminator,
        @JsonProperty("training") JsonNode training,
        @JsonProperty("step") long step,
        @JsonProperty("rng") Rng rng,
        @JsonProperty("best_fid") Double bestFid,
        @JsonProperty("source") Provenance source) {

    /** The run's random state: every draw is a function of these and the step. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Rng(
            @JsonProperty("seed") long seed,
            @JsonProperty("restarts") int restarts,
            @JsonProperty("algorithm") String algorithm) {
    }

    /** What {@code fpa import} records: the config, the official arguments, step 0 (official files store none). */
    public static CheckpointMeta imported(String modelType, JsonNode config, JsonNode trainerArgs, Provenance source) {
        return new CheckpointMeta(null, 0, modelType, config, trainerArgs, null, null, 0, null, null, source);
    }

    /** Whether it holds a training state ({@code fpa train} writes one; imported checkpoints lack it). */
    public boolean isTraining() {
        return training != null && discriminator != null && rng != null;
    }

    /** The same under the given format and version, as {@link Checkpoint} writes it. */
    CheckpointMeta withFormat(String format, int version) {
        return new CheckpointMeta(format, version, modelType, config, trainerArgs, discriminator, training, step,
                rng, bestFid, source);
    }

    /** The same at another step (tests and tools that relabel weights). */
    public CheckpointMeta withStep(long step) {
        return new CheckpointMeta(format, version, modelType, config, trainerArgs, discriminator, training, step,
                rng, bestFid, source);
    }

    /** The record of where the weights came from, empty when the file has none. */
    public Provenance provenance() {
        return source != null ? source : Provenance.unknown();
    }
}
