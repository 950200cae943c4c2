package dev.fpa.trainer.zoo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fpa.trainer.checkpoint.Checkpoint;
import dev.fpa.trainer.checkpoint.CheckpointMeta;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * What a model card says of a model's training, from its checkpoint and the run's {@code metrics.jsonl}: the step,
 * the options, the time per step, and the FID curve when the run computed one. The curve and the run's length cover
 * the whole run, also after the checkpoint's step, so that a card shipping the best checkpoint by FID shows what it
 * was chosen against.
 *
 * @param step           the checkpoint's step
 * @param trainer        the training options under official names (null for imported checkpoints)
 * @param discriminator  the discriminator's options (null for imported checkpoints)
 * @param preset         the preset the run started from, or null
 * @param loggedSteps    steps with a logged time up to {@code step}
 * @param wallTimeHours  their summed time
 * @param medianMsPerStep their median
 * @param runSteps       the last step the run logged (at least {@code step} when it logged any)
 * @param runWallTimeHours the summed time of every step the run logged
 * @param fidCurve       FID by step over the whole run, empty when none was computed
 */
public record TrainingRecord(long step, JsonNode trainer, JsonNode discriminator, String preset, int loggedSteps,
        double wallTimeHours, double medianMsPerStep, long runSteps, double runWallTimeHours,
        Map<Long, Double> fidCurve) {
    static final String METRICS = "metrics.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double MS_PER_HOUR = 3.6e6;

    public TrainingRecord {
        fidCurve = Map.copyOf(fidCurve);
    }

    /** Reads the record; a missing metrics file leaves the times and the curve empty. */
    public static TrainingRecord of(Checkpoint checkpoint, Path metrics) throws IOException {
        CheckpointMeta meta = checkpoint.meta();
        long step = meta.step();
        // A resumed run logs again the steps after its last checkpoint: the last entry of a step counts.
        TreeMap<Long, Double> millis = new TreeMap<>();
        TreeMap<Long, Double> fid = new TreeMap<>();
        if (Files.exists(metrics)) {
            for (String line : Files.readAllLines(metrics)) {
                JsonNode m = JSON.readTree(line);
                long at = m.path("step").asLong();
                if (m.path("ms").isNumber()) {
                    millis.put(at, m.get("ms").asDouble());
                }
                if (m.path("fid").isNumber()) {
                    fid.put(at, m.get("fid").asDouble());
                }
            }
        }
        double[] ms = millis.headMap(step, true).values().stream().mapToDouble(Double::doubleValue).sorted()
                .toArray();
        double runMillis = millis.values().stream().mapToDouble(Double::doubleValue).sum();
        return new TrainingRecord(step, meta.training(), meta.discriminator(), meta.provenance().preset(), ms.length,
                Arrays.stream(ms).sum() / MS_PER_HOUR, ms.length == 0 ? Double.NaN : ms[ms.length / 2],
                millis.isEmpty() ? step : Math.max(step, millis.lastKey()), runMillis / MS_PER_HOUR, fid);
    }

    /** What the checkpoint records of its training data, or "unknown". */
    public static String dataOf(Checkpoint checkpoint) {
        String data = checkpoint.meta().provenance().data();
        return data != null ? data : "unknown";
    }

    /** The run's step with the lowest FID, if any was computed. */
    public OptionalLong bestFidStep() {
        return fidCurve.entrySet().stream().min(Map.Entry.comparingByValue())
                .map(e -> OptionalLong.of(e.getKey())).orElse(OptionalLong.empty());
    }

    /** The card's training section. */
    public ObjectNode toJson() {
        ObjectNode t = JSON.createObjectNode();
        t.put("steps", step);
        if (trainer != null) {
            t.set("trainer", trainer);
        }
        if (discriminator != null) {
            t.set("discriminator", discriminator);
        }
        if (preset != null) {
            t.put("preset", preset);
        }
        if (loggedSteps > 0) {
            t.put("logged_steps", loggedSteps);
            t.put("wall_time_hours", wallTimeHours);
            t.put("median_ms_per_step", medianMsPerStep);
            if (runSteps > step) {
                t.put("run_steps", runSteps);
                t.put("run_wall_time_hours", runWallTimeHours);
            }
        }
        if (!fidCurve.isEmpty()) {
            ObjectNode curve = t.putObject("fid_curve");
            new TreeMap<>(fidCurve).forEach((s, f) -> curve.put(Long.toString(s), f));
            bestFidStep().ifPresent(s -> t.put("best_fid_step", s));
        }
        return t;
    }
}
