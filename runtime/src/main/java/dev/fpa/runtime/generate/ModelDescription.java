package dev.fpa.runtime.generate;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an exported generator says about itself in its ONNX {@code metadata_props}: everything the runtime
 * needs to run it, and where it came from. The exporter writes it with {@link #toMetadata}, the runtime reads
 * it with {@link #fromMetadata}; no side files.
 *
 * @param modelType      the official model_type (lstm_delta_split_v2, lstm_delta, their _unet variants, base)
 * @param configJson     the full generator configuration as JSON under the official option names
 * @param latentDim      size of each latent row of the input {@code z}
 * @param channels       image channels (1 grey, 3 RGB, 4 RGBA)
 * @param imageSize      side of the square images
 * @param steps          painting steps T (0 for a model that does not paint)
 * @param frames         painting frames per image in the {@code frames} output (0 when it was not exported)
 * @param weights        which weights were exported: "GE" (the EMA generator) or "G"
 * @param trainingStep   the training step of the checkpoint
 * @param sourceSha256   SHA-256 of the checkpoint file the weights came from
 * @param producer       the program that wrote the model
 * @param producerVersion its version
 * @param noiseInputs    names of the inputs that take N(0,1) noise maps (B, 1, h, w), in order; empty for painters
 */
public record ModelDescription(
        String modelType,
        String configJson,
        int latentDim,
        int channels,
        int imageSize,
        int steps,
        int frames,
        String weights,
        long trainingStep,
        String sourceSha256,
        String producer,
        String producerVersion,
        List<String> noiseInputs) {

    /** The graph's latent input, (N, latent_dim). */
    public static final String LATENTS = "z";
    /** The output that gets saved: the image clamped to [0,1], (N, C, S, S). */
    public static final String IMAGE = "image";
    /** The generator output before the clamp, (N, C, S, S). */
    public static final String RAW = "raw";
    /** Optional: the painting frames of DESIGN.md §4.5, (N, F, C, S, S), before any clamp. */
    public static final String FRAMES = "frames";

    private static final String MODEL_TYPE = "model_type";
    private static final String CONFIG = "config";
    private static final String LATENT_DIM = "latent_dim";
    private static final String CHANNELS = "channels";
    private static final String IMAGE_SIZE = "image_size";
    private static final String STEPS = "steps";
    private static final String FRAME_COUNT = "frames";
    private static final String WEIGHTS = "weights";
    private static final String TRAINING_STEP = "training_step";
    private static final String SOURCE_SHA256 = "source_sha256";
    private static final String PRODUCER = "producer";
    private static final String PRODUCER_VERSION = "producer_version";
    private static final String NOISE_INPUTS = "noise_inputs";

    public ModelDescription {
        noiseInputs = List.copyOf(noiseInputs);
    }

    /** Whether the model has the {@code frames} output. */
    public boolean hasFrames() {
        return frames > 0;
    }

    /** Values in one image, C·S·S. */
    public int imageValues() {
        return channels * imageSize * imageSize;
    }

    public Map<String, String> toMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(MODEL_TYPE, modelType);
        m.put(CONFIG, configJson);
        m.put(LATENT_DIM, Integer.toString(latentDim));
        m.put(CHANNELS, Integer.toString(channels));
        m.put(IMAGE_SIZE, Integer.toString(imageSize));
        m.put(STEPS, Integer.toString(steps));
        m.put(FRAME_COUNT, Integer.toString(frames));
        m.put(WEIGHTS, weights);
        m.put(TRAINING_STEP, Long.toString(trainingStep));
        m.put(SOURCE_SHA256, sourceSha256);
        m.put(PRODUCER, producer);
        m.put(PRODUCER_VERSION, producerVersion);
        m.put(NOISE_INPUTS, String.join(",", noiseInputs));
        return m;
    }

    /**
     * Reads the description from a model's metadata.
     *
     * @throws IllegalArgumentException naming the missing or malformed keys (e.g. for an ONNX file that fpa did
     *         not export)
     */
    public static ModelDescription fromMetadata(Map<String, String> m) {
        List<String> missing = Arrays.stream(new String[] {MODEL_TYPE, CONFIG, LATENT_DIM, CHANNELS, IMAGE_SIZE,
                STEPS, FRAME_COUNT, WEIGHTS, TRAINING_STEP, SOURCE_SHA256, PRODUCER, PRODUCER_VERSION, NOISE_INPUTS})
                .filter(k -> !m.containsKey(k)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("not an fpa generator: its ONNX metadata lacks " + missing
                    + " (export models with 'fpa export')");
        }
        try {
            String noise = m.get(NOISE_INPUTS);
            return new ModelDescription(m.get(MODEL_TYPE), m.get(CONFIG), Integer.parseInt(m.get(LATENT_DIM)),
                    Integer.parseInt(m.get(CHANNELS)), Integer.parseInt(m.get(IMAGE_SIZE)),
                    Integer.parseInt(m.get(STEPS)), Integer.parseInt(m.get(FRAME_COUNT)), m.get(WEIGHTS),
                    Long.parseLong(m.get(TRAINING_STEP)), m.get(SOURCE_SHA256), m.get(PRODUCER),
                    m.get(PRODUCER_VERSION), noise.isEmpty() ? List.of() : List.of(noise.split(",")));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed fpa metadata: " + e.getMessage(), e);
        }
    }
}
