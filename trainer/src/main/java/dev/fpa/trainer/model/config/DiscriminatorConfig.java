package dev.fpa.trainer.model.config;


import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The lightweight-GAN discriminator's sizes (DESIGN.md §6) under the official argument names. The official command line
 * hard-codes fmap_max 512, fmap_inverse_coef 12, attn_res_layers [32], disc_output_size 1 and attention heads of
 * 8 × 64; those are the defaults here, and every one can be changed so that a slim discriminator trains on a CPU.
 *
 * @param blur fpa option: whether the Blur layers filter (lightweight_gan.py, the {@code base} baseline) or are the
 *             identity (painter runs, where the official trainer rebinds Blur unless {@code antialias} is set)
 */
public record DiscriminatorConfig(
        @JsonProperty("image_size") int imageSize,
        @JsonProperty("greyscale") boolean greyscale,
        @JsonProperty("transparent") boolean transparent,
        @JsonProperty("fmap_max") int fmapMax,
        @JsonProperty("fmap_inverse_coef") int fmapInverseCoef,
        @JsonProperty("attn_res_layers") List<Integer> attnResLayers,
        @JsonProperty("disc_output_size") int discOutputSize,
        @JsonProperty("attn_heads") int attnHeads,
        @JsonProperty("attn_dim_head") int attnDimHead,
        @JsonProperty("blur") boolean blur) {

    /** The image sides the discriminator is built for (DESIGN.md §6.3). */
    public static final int MIN_IMAGE_SIZE = 16;
    public static final int MAX_IMAGE_SIZE = 1024;
    /** The two heads lightweight-GAN offers: one logit, or a 5×5 map of them. */
    private static final Set<Integer> OUTPUT_SIZES = Set.of(1, 5);

    public DiscriminatorConfig {
        if (Integer.bitCount(imageSize) != 1 || imageSize < MIN_IMAGE_SIZE || imageSize > MAX_IMAGE_SIZE) {
            throw new IllegalArgumentException("the discriminator supports image sizes that are powers of two from "
                    + MIN_IMAGE_SIZE + " to " + MAX_IMAGE_SIZE + ", not " + imageSize);
        }
        if (!OUTPUT_SIZES.contains(discOutputSize)) {
            throw new IllegalArgumentException("disc_output_size must be 1 or 5, got " + discOutputSize);
        }
        OfficialOptions.requirePositive("fmap_max", fmapMax);
        OfficialOptions.requirePositive("attn_heads", attnHeads);
        OfficialOptions.requirePositive("attn_dim_head", attnDimHead);
        attnResLayers = List.copyOf(attnResLayers);
    }

    /** The official discriminator of a 64×64 RGB painter run. */
    public static DiscriminatorConfig defaults() {
        return Defaults.VALUE;
    }

    /**
     * The official defaults by option name ({@code discriminator-defaults.json}), read on first use: a holder
     * class, so that reading them runs after this record's other static fields, which its constructor checks.
     */
    private static final class Defaults {
        static final DiscriminatorConfig VALUE =
                OfficialOptions.defaultsFrom("discriminator-defaults.json", DiscriminatorConfig.class);
    }

    /**
     * The discriminator an official argument dict describes (missing keys keep the defaults). Unless "blur" is
     * given, the Blur layers filter for model_type base or with antialias, as in the official code.
     */
    public static DiscriminatorConfig fromTrainerArgs(JsonNode args) {
        ObjectNode withBlur = args.deepCopy();
        if (!withBlur.has("blur")) {
            boolean baseline = GeneratorConfig.BASELINE.equals(args.path("model_type").asText(""));
            withBlur.put("blur", baseline || args.path("antialias").asBoolean(false));
        }
        return OfficialOptions.merge(defaults(), DiscriminatorConfig.class, withBlur, new ArrayList<>());
    }

    public ObjectNode toJson() {
        return OfficialOptions.toJson(this);
    }

    /** Image channels: RGBA with transparent, grey, else RGB (as {@link GeneratorConfig#channels()}). */
    public int channels() {
        return GeneratorConfig.channels(greyscale, transparent);
    }
}
