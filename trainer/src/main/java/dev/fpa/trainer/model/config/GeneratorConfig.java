package dev.fpa.trainer.model.config;


import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything a generator needs, under the official Trainer argument names (JSON, snake_case).
 * The defaults are those of the official command line (main.py), so a JSON object holding only
 * the options a run changed describes that run completely.
 */
public record GeneratorConfig(
        @JsonProperty("model_type") String modelType,
        @JsonProperty("image_size") int imageSize,
        @JsonProperty("latent_dim") int latentDim,
        @JsonProperty("rnn_hidden_size") int rnnHiddenSize,
        @JsonProperty("num_layers") int numLayers,
        @JsonProperty("num_decoding_steps") int numDecodingSteps,
        @JsonProperty("mini_latent_dim") int miniLatentDim,
        @JsonProperty("mini_input_size") int miniInputSize,
        @JsonProperty("use_softmax") boolean useSoftmax,
        @JsonProperty("out_tanh") boolean outTanh,
        /** Despite the official name this applies tanh, not a sigmoid (as the official help text says). */
        @JsonProperty("v2_input_sigmoid") boolean v2InputSigmoid,
        @JsonProperty("use_latent_to_init") boolean useLatentToInit,
        @JsonProperty("use_pos_enc") boolean usePosEnc,
        @JsonProperty("val_tanh") boolean valTanh,
        @JsonProperty("vect_lr") boolean vectLr,
        @JsonProperty("no_sigmoid_lr") boolean noSigmoidLr,
        @JsonProperty("wide_out_dim") int wideOutDim,
        @JsonProperty("use_intermed_loss") int useIntermedLoss,
        @JsonProperty("scale_intermed_loss") boolean scaleIntermedLoss,
        @JsonProperty("use_learned_init") boolean useLearnedInit,
        @JsonProperty("rnn_init_fact") double rnnInitFact,
        @JsonProperty("kvb_init_fact") double kvbInitFact,
        @JsonProperty("max_unet_dim") int maxUnetDim,
        @JsonProperty("unet_tanh") boolean unetTanh,
        @JsonProperty("stop_grad_unet") boolean stopGradUnet,
        @JsonProperty("frozen_base") boolean frozenBase,
        @JsonProperty("use_pre_unet_loss") boolean usePreUnetLoss,
        @JsonProperty("greyscale") boolean greyscale,
        @JsonProperty("transparent") boolean transparent,
        @JsonProperty("fmap_max") int fmapMax,
        @JsonProperty("attn_res_layers") List<Integer> attnResLayers,
        @JsonProperty("freq_chan_attn") boolean freqChanAttn,
        /** fpa option: heads of the lightweight-GAN attention (base G, D); the official code fixes 8. */
        @JsonProperty("attn_heads") int attnHeads,
        /** fpa option: size of each of those heads; the official code fixes 64. */
        @JsonProperty("attn_dim_head") int attnDimHead) {
    /** The model_type of the LightGAN baseline, the one generator that does not paint. */
    public static final String BASELINE = "base";
    /** Appended to a painter's model_type for its U-Net variant. */
    public static final String UNET_SUFFIX = "_unet";

    private static final ObjectMapper JSON = new ObjectMapper();

    public GeneratorConfig {
        OfficialOptions.requirePositive("image_size", imageSize);
        OfficialOptions.requirePositive("latent_dim", latentDim);
        OfficialOptions.requirePositive("rnn_hidden_size", rnnHiddenSize);
        OfficialOptions.requirePositive("num_layers", numLayers);
        OfficialOptions.requirePositive("num_decoding_steps", numDecodingSteps);
        OfficialOptions.requirePositive("mini_latent_dim", miniLatentDim);
        OfficialOptions.requirePositive("mini_input_size", miniInputSize);
        OfficialOptions.requirePositive("use_intermed_loss", useIntermedLoss);
        OfficialOptions.requirePositive("max_unet_dim", maxUnetDim);
        OfficialOptions.requirePositive("attn_heads", attnHeads);
        OfficialOptions.requirePositive("attn_dim_head", attnDimHead);
        if (wideOutDim < 0) {
            throw new IllegalArgumentException("wide_out_dim must be 0 (off) or positive, got " + wideOutDim);
        }
        if (useIntermedLoss > 1 && numDecodingSteps % useIntermedLoss != 0) {
            throw new IllegalArgumentException("num_decoding_steps (" + numDecodingSteps
                    + ") must be divisible by use_intermed_loss (" + useIntermedLoss + ")");
        }
        attnResLayers = List.copyOf(attnResLayers);
    }

    /** The official command-line defaults. */
    public static GeneratorConfig defaults() {
        return Defaults.VALUE;
    }

    /**
     * The official defaults by option name ({@code generator-defaults.json}), read on first use: a holder
     * class, so that reading them runs after this record's other static fields, which its constructor checks.
     */
    private static final class Defaults {
        static final GeneratorConfig VALUE =
                OfficialOptions.defaultsFrom("generator-defaults.json", GeneratorConfig.class);
    }

    /** The paper's main FPA (README CelebA command), DESIGN.md §4.1. */
    public static GeneratorConfig paper() {
        return defaults().withOverrides(Map.ofEntries(
                Map.entry("model_type", "lstm_delta_split_v2"),
                Map.entry("image_size", 64),
                Map.entry("num_decoding_steps", 64),
                Map.entry("latent_dim", 512),
                Map.entry("v2_input_sigmoid", true),
                Map.entry("use_latent_to_init", true),
                Map.entry("mini_latent_dim", 8),
                Map.entry("mini_input_size", 128),
                Map.entry("rnn_hidden_size", 1024),
                Map.entry("use_softmax", true),
                Map.entry("out_tanh", true)));
    }

    /** A small V2 painter for quick experiments: 32x32 grey, 16 steps. */
    public static GeneratorConfig small() {
        return paper().withOverrides(Map.of(
                "image_size", 32,
                "greyscale", true,
                "rnn_hidden_size", 256,
                "num_decoding_steps", 16,
                "latent_dim", 128,
                "mini_input_size", 64,
                "mini_latent_dim", 8));
    }

    /** A config plus the input keys it did not use, so that the caller can warn about them. */
    public record Parsed(GeneratorConfig config, List<String> unusedKeys) {
        public Parsed {
            unusedKeys = List.copyOf(unusedKeys);
        }
    }

    /**
     * Reads a JSON object keyed by official Trainer argument names (like a fixture manifest's
     * {@code trainer_args}). Missing keys keep their defaults; keys this record does not know are
     * returned, not rejected, because Trainer arguments also configure training and the discriminator.
     */
    public static Parsed fromTrainerArgs(JsonNode args) {
        if (!args.isObject()) {
            throw new IllegalArgumentException("trainer arguments must be a JSON object, got " + args.getNodeType());
        }
        List<String> unused = new ArrayList<>();
        GeneratorConfig config = defaults().merged(args, unused);
        return new Parsed(config, unused);
    }

    /** This config with some options replaced; keys are official names and must all be known. */
    public GeneratorConfig withOverrides(Map<String, ?> overrides) {
        List<String> unknown = new ArrayList<>();
        GeneratorConfig config = merged(JSON.valueToTree(new LinkedHashMap<>(overrides)), unknown);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown generator options " + unknown + "; known: " + knownKeys());
        }
        return config;
    }

    /** Overlays the known keys of {@code changes} on this config and adds the other keys to {@code unknown}. */
    private GeneratorConfig merged(JsonNode changes, List<String> unknown) {
        return OfficialOptions.merge(this, GeneratorConfig.class, changes, unknown);
    }

    /** The official option names this record holds. */
    public static Set<String> knownKeys() {
        return OfficialOptions.keys(defaults());
    }

    public ObjectNode toJson() {
        return OfficialOptions.toJson(this);
    }

    /** Image channels: RGBA with transparent (which wins, as in the official code), grey, else RGB. */
    public int channels() {
        return channels(greyscale, transparent);
    }

    /** Whether the model paints step by step: every type but the LightGAN baseline. */
    public boolean paints() {
        return !BASELINE.equals(modelType);
    }

    /** Whether the model type refines the painting with a U-Net (the _unet types). */
    public boolean hasUnet() {
        return modelType.endsWith(UNET_SUFFIX);
    }

    /** The official channel rule, shared with the discriminator's config. */
    static int channels(boolean greyscale, boolean transparent) {
        if (transparent) {
            return 4;
        }
        return greyscale ? 1 : 3;
    }

    /** Length of a learning-rate entry per channel: one per image row with vect_lr, else a scalar. */
    public int lrDim() {
        return vectLr ? imageSize : 1;
    }
}
