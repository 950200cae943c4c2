package dev.fpa.trainer.train;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fpa.trainer.model.config.OfficialOptions;
import java.util.List;
import java.util.Map;

/**
 * How a GAN run trains (DESIGN.md §6.4, §7), under the official Trainer argument names; the defaults are the official
 * command line's. Options the official code hard-codes are fpa options with the official value as default: the
 * gradient-penalty period, Adam's betas and eps, and the EMA schedule (decay 0.995 every 10 steps after step 20000;
 * GE reset to G at steps 2, 1002, … up to 25000).
 */
public record TrainingConfig(
        @JsonProperty("batch_size") int batchSize,
        @JsonProperty("gradient_accumulate_every") int gradientAccumulateEvery,
        @JsonProperty("lr") double lr,
        @JsonProperty("ttur_mult") double tturMult,
        /** Learning rate of the U-Net's parameter group; the official code uses it for lstm_delta_unet only. */
        @JsonProperty("unet_lr") double unetLr,
        @JsonProperty("gp_weight") double gpWeight,
        /** fpa option: the penalty applies at steps that are multiples of this (official 4). */
        @JsonProperty("gp_every") int gpEvery,
        @JsonProperty("aug_prob") double augProb,
        @JsonProperty("aug_types") List<String> augTypes,
        /** Probability of mirroring each real image (the flip of the official dataset augmentation). */
        @JsonProperty("dataset_aug_prob") double datasetAugProb,
        @JsonProperty("num_train_steps") int numTrainSteps,
        @JsonProperty("save_every") int saveEvery,
        @JsonProperty("evaluate_every") int evaluateEvery,
        /** The sample grids are num_image_tiles × num_image_tiles images. */
        @JsonProperty("num_image_tiles") int numImageTiles,
        @JsonProperty("seed") long seed,
        @JsonProperty("ema_only_unet") boolean emaOnlyUnet,
        @JsonProperty("use_unet_match_loss") boolean useUnetMatchLoss,
        @JsonProperty("use_unet_match_loss_only") boolean useUnetMatchLossOnly,
        /** Gradient-norm clipping of all G parameters (lstm_delta and lstm_delta_unet only; 0 is off). */
        @JsonProperty("clip") double clip,
        /** The same for the LSTM's parameters only, used when clip is off. */
        @JsonProperty("clip_rnn") double clipRnn,
        @JsonProperty("adam_beta1") double adamBeta1,
        @JsonProperty("adam_beta2") double adamBeta2,
        @JsonProperty("adam_eps") double adamEps,
        @JsonProperty("ema_decay") double emaDecay,
        @JsonProperty("ema_every") int emaEvery,
        /** GE is averaged at steps after this one. */
        @JsonProperty("ema_start") int emaStart,
        @JsonProperty("ema_reset_every") int emaResetEvery,
        /** GE is reset to G up to this step. */
        @JsonProperty("ema_reset_until") int emaResetUntil) {

    /** Spellings of the official command line (main.py) and of the fpa flags for the Trainer names used here. */
    private static final Map<String, String> ALIASES = Map.of(
            "learning_rate", "lr",
            "grad_cummulate_every", "gradient_accumulate_every",
            "grad_accumulate_every", "gradient_accumulate_every");

    public TrainingConfig {
        OfficialOptions.requirePositive("batch_size", batchSize);
        OfficialOptions.requirePositive("gradient_accumulate_every", gradientAccumulateEvery);
        OfficialOptions.requirePositive("gp_every", gpEvery);
        OfficialOptions.requirePositive("save_every", saveEvery);
        OfficialOptions.requirePositive("evaluate_every", evaluateEvery);
        OfficialOptions.requirePositive("num_image_tiles", numImageTiles);
        OfficialOptions.requirePositive("ema_every", emaEvery);
        OfficialOptions.requirePositive("ema_reset_every", emaResetEvery);
        if (numTrainSteps < 0) {
            throw new IllegalArgumentException("num_train_steps must not be negative, got " + numTrainSteps);
        }
        if (!(lr > 0) || !(tturMult > 0) || !(unetLr > 0)) {
            throw new IllegalArgumentException("lr, ttur_mult and unet_lr must be positive");
        }
        requireProbability("aug_prob", augProb);
        requireProbability("dataset_aug_prob", datasetAugProb);
        requireProbability("ema_decay", emaDecay);
        augTypes = List.copyOf(augTypes);
        augTypes.forEach(AugmentType::parse);
    }

    /** The official command-line defaults. */
    public static TrainingConfig defaults() {
        return new TrainingConfig(10, 4, 2e-4, 1.0, 2e-4, 10, 4, 0.0, List.of("cutout", "translation"), 0.0,
                150_000, 1000, 1000, 8, 1, false, false, false, 0.0, 0.0,
                0.5, 0.9, 1e-8, 0.995, 10, 20_000, 1000, 25_000);
    }

    /** The training options of an official argument dict (missing keys keep the defaults; other keys are ignored). */
    public static TrainingConfig fromTrainerArgs(JsonNode args, List<String> unknown) {
        return OfficialOptions.merge(defaults(), TrainingConfig.class, canonical(args), unknown);
    }

    /** This config with the known keys of {@code changes} replaced (others are added to {@code unknown}). */
    public TrainingConfig merged(JsonNode changes, List<String> unknown) {
        return OfficialOptions.merge(this, TrainingConfig.class, canonical(changes), unknown);
    }

    /** The same options with the command line's spellings (learning_rate, grad_cummulate_every) renamed. */
    public static ObjectNode canonical(JsonNode args) {
        ObjectNode out = args.deepCopy();
        ALIASES.forEach((alias, name) -> {
            if (out.has(alias)) {
                out.set(name, out.remove(alias));
            }
        });
        return out;
    }

    public ObjectNode toJson() {
        return OfficialOptions.toJson(this);
    }

    private static void requireProbability(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1, got " + value);
        }
    }
}
