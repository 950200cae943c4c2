package dev.fpa.trainer.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fpa.trainer.model.config.GeneratorConfig;
import dev.fpa.trainer.model.config.OfficialOptions;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Named starting points for a run, as official argument dicts that flags and config files override. */
public enum TrainingPreset {
    /**
     * The README's CelebA command (DESIGN.md §10): the paper's FPA at 64×64 RGB with T = 64, batch 20, no accumulation,
     * 450,000 steps, and the official discriminator.
     */
    PAPER_CELEBA64(GeneratorConfig.paper(), Map.of(
            "batch_size", 20,
            "gradient_accumulate_every", 1,
            "num_train_steps", 450_000)),
    /**
     * A run that fits a 2-core CPU: the small painter (32×32 grey, T 16, H 256, latent 128) against a slim
     * discriminator (fmap_max 32, attention 4 heads of 16), batch 16, 2000 steps, previews every 100 steps.
     */
    CPU_SMALL(GeneratorConfig.small(), Map.of(
            "fmap_max", 32,
            "attn_heads", 4,
            "attn_dim_head", 16,
            "batch_size", 16,
            "gradient_accumulate_every", 1,
            "num_train_steps", 2000,
            "save_every", 500,
            "evaluate_every", 100));

    private final GeneratorConfig generator;
    private final Map<String, Object> training;

    TrainingPreset(GeneratorConfig generator, Map<String, Object> training) {
        this.generator = generator;
        this.training = training;
    }

    /** The preset as official arguments. */
    public ObjectNode args() {
        ObjectNode args = generator.toJson();
        args.setAll(OfficialOptions.toJson(training));
        return args;
    }

    /** The command-line name: paper-celeba64, cpu-small. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static TrainingPreset parse(String name) {
        return Arrays.stream(values()).filter(p -> p.cliName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown preset '" + name + "'; known: "
                        + Arrays.stream(values()).map(TrainingPreset::cliName).collect(Collectors.joining(", "))));
    }
}
