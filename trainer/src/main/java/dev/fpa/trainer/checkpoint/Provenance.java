package dev.fpa.trainer.checkpoint;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Where a checkpoint's weights came from ({@code meta.json}'s "source"): an official file (its name, SHA-256 and the
 * version it records) or an {@code fpa train} run (its data and that data's fingerprint, the preset, the weights it
 * started from, and the options as given). Absent fields are left out of the file.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Provenance(
        @JsonProperty("kind") String kind,
        @JsonProperty("file") String file,
        @JsonProperty("sha256") String sha256,
        @JsonProperty("official_version") String officialVersion,
        @JsonProperty("data") String data,
        @JsonProperty("data_fingerprint") JsonNode dataFingerprint,
        @JsonProperty("preset") String preset,
        @JsonProperty("load_pre_trained") PreTrainedSource loadPreTrained,
        @JsonProperty("args") JsonNode args) {
    public static final String OFFICIAL = "official fpainter checkpoint";
    public static final String TRAINED = "fpa train";

    /**
     * The weights a run started from, which optimizer states it reset, and which of its generators started G
     * ("G" or "GE"; null in checkpoints written before the choice existed, meaning G).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PreTrainedSource(
            @JsonProperty("file") String file,
            @JsonProperty("sha256") String sha256,
            @JsonProperty("reset_g_optimizer") boolean resetGOptimizer,
            @JsonProperty("reset_d_optimizer") boolean resetDOptimizer,
            @JsonProperty("load_only_g") boolean loadOnlyG,
            @JsonProperty("generator") String generator) {
        /** The generator section that started G. */
        public String generatorSection() {
            return generator != null ? generator : Checkpoint.GENERATOR;
        }
    }

    /** An official checkpoint file. */
    public static Provenance official(String file, String sha256, String officialVersion) {
        return new Provenance(OFFICIAL, file, sha256, officialVersion, null, null, null, null, null);
    }

    /** A new {@code fpa train} run. */
    public static Provenance trained(String data, String preset, PreTrainedSource preTrained, JsonNode args) {
        return new Provenance(TRAINED, null, null, null, data, null, preset, preTrained, args);
    }

    /** The same with the data at {@code data}, whose images have {@code fingerprint}. */
    public Provenance withData(String data, JsonNode fingerprint) {
        return new Provenance(kind, file, sha256, officialVersion, data, fingerprint, preset, loadPreTrained, args);
    }

    /** An empty record, for checkpoints that have none. */
    public static Provenance unknown() {
        return new Provenance(null, null, null, null, null, null, null, null, null);
    }
}
