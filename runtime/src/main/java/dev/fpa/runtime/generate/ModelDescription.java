package dev.fpa.runtime.generate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fpa.runtime.zoo.UntrustedText;
import java.util.Arrays;
import java.util.HashSet;
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


    /**
     * Bounds of the sizes, far above any fpa model and low enough that every count per sample is an int; the
     * values of one sample's frames must fit one Java array.
     */
    private static final int MAX_LATENT_DIM = 1 << 16;
    private static final int MAX_IMAGE_SIZE = 4096;
    private static final int MAX_STEPS = 4096;
    static final long MAX_VALUES_PER_SAMPLE = Integer.MAX_VALUE - 8;

    private static final String MODEL_TYPE = "model_type";
    private static final String CONFIG = "config";
    static final String LATENT_DIM = "latent_dim";
    static final String CHANNELS = "channels";
    static final String IMAGE_SIZE = "image_size";
    private static final String STEPS = "steps";
    static final String FRAME_COUNT = "frames";
    private static final String WEIGHTS = "weights";
    private static final String TRAINING_STEP = "training_step";
    private static final String SOURCE_SHA256 = "source_sha256";
    private static final String PRODUCER = "producer";
    private static final String PRODUCER_VERSION = "producer_version";
    static final String NOISE_INPUTS = "noise_inputs";
    private static final ObjectMapper JSON = new ObjectMapper();

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
     * Reads the description from a model's metadata, refusing values out of range. Whether they fit the model's
     * graph is {@link GraphContract}'s check.
     *
     * @throws IllegalArgumentException naming the missing or malformed key (e.g. for an ONNX file that fpa did not
     *         export)
     */
    public static ModelDescription fromMetadata(Map<String, String> m) {
        List<String> missing = Arrays.stream(new String[] {MODEL_TYPE, CONFIG, LATENT_DIM, CHANNELS, IMAGE_SIZE,
                STEPS, FRAME_COUNT, WEIGHTS, TRAINING_STEP, SOURCE_SHA256, PRODUCER, PRODUCER_VERSION, NOISE_INPUTS})
                .filter(k -> !m.containsKey(k)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("not an fpa generator: its ONNX metadata lacks " + missing
                    + " (export models with 'fpa export')");
        }
        requireJsonObject(m);
        int latentDim = (int) number(m, LATENT_DIM, 1, MAX_LATENT_DIM);
        int channels = (int) number(m, CHANNELS, 1, 4);
        if (channels == 2) {
            throw invalid(m, CHANNELS, "is not 1 (grey), 3 (RGB) or 4 (RGBA)");
        }
        int imageSize = (int) number(m, IMAGE_SIZE, 1, MAX_IMAGE_SIZE);
        int steps = (int) number(m, STEPS, 0, MAX_STEPS);
        int frames = (int) number(m, FRAME_COUNT, 0, 2L * MAX_STEPS + 2);
        if (frames != 0 && (steps == 0 || frames != 2 * steps && frames != 2 * steps + 2)) {
            throw new IllegalArgumentException("metadata frames=" + frames + " and steps=" + steps + " disagree "
                    + "(painting frames are 2·steps, 2 more with a U-Net, or 0 when not exported)");
        }
        if ((long) Math.max(frames, 1) * channels * imageSize * imageSize > MAX_VALUES_PER_SAMPLE) {
            throw new IllegalArgumentException("metadata frames=" + frames + ", channels=" + channels
                    + " and image_size=" + imageSize + " make more values per sample than one array holds");
        }
        return new ModelDescription(word(m, MODEL_TYPE), m.get(CONFIG), latentDim, channels, imageSize, steps,
                frames, word(m, WEIGHTS), number(m, TRAINING_STEP, 0, Long.MAX_VALUE), m.get(SOURCE_SHA256),
                m.get(PRODUCER), m.get(PRODUCER_VERSION), noiseInputs(m));
    }

    /** One word (letters, digits, '_', '-'), as the runtime prints it. */
    private static String word(Map<String, String> m, String key) {
        if (!m.get(key).matches("[A-Za-z0-9_-]+")) {
            throw invalid(m, key, "is not one word of letters, digits, '_' and '-'");
        }
        return m.get(key);
    }

    /** A whole number from {@code min} to {@code max}. */
    private static long number(Map<String, String> m, String key, long min, long max) {
        try {
            long value = Long.parseLong(m.get(key));
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(m, key, "is not a whole number from " + min + " to " + max);
    }

    private static void requireJsonObject(Map<String, String> m) {
        try {
            if (JSON.readTree(m.get(CONFIG)) instanceof ObjectNode) {
                return;
            }
        } catch (JsonProcessingException e) {
            // reported below
        }
        throw new IllegalArgumentException("metadata config is not a JSON object");
    }

    /** Distinct input names, none of them the latents'. */
    private static List<String> noiseInputs(Map<String, String> m) {
        String text = m.get(NOISE_INPUTS);
        List<String> names = text.isEmpty() ? List.of() : List.of(text.split(",", -1));
        if (names.contains("") || names.contains(LATENTS) || new HashSet<>(names).size() != names.size()) {
            throw invalid(m, NOISE_INPUTS, "is not a list of distinct input names other than " + LATENTS);
        }
        return names;
    }

    private static IllegalArgumentException invalid(Map<String, String> m, String key, String problem) {
        return new IllegalArgumentException("metadata " + key + "=" + UntrustedText.quote(m.get(key)) + " " + problem);
    }
}
