package dev.fpa.runtime.metrics;

import java.util.Locale;
import java.util.Map;

/**
 * The input contract of a feature model, read from its ONNX {@code metadata_props}, so that any network from
 * images to vectors can serve as the extractor without code changes:
 * <ul>
 *   <li>{@code fpa.feature.input_size}: the side S of the square images the network takes, e.g. {@code 299};</li>
 *   <li>{@code fpa.feature.value_range}: the pixel range the network expects, {@code lo,hi}, e.g. {@code 0,1} or
 *       {@code -1,1}; [0,1] pixels are mapped linearly onto it;</li>
 *   <li>{@code fpa.feature.resize}: how images of another size reach S×S: {@code bilinear} (PyTorch's bilinear
 *       interpolation without antialiasing, as pytorch-fid does) or {@code none} (other sizes are an error);</li>
 *   <li>{@code fpa.feature.dim}: the length of the feature vector, e.g. {@code 2048}.</li>
 * </ul>
 */
public record FeatureModelMetadata(int inputSize, float low, float high, Resize resize, int dim) {
    public static final String INPUT_SIZE = "fpa.feature.input_size";
    public static final String VALUE_RANGE = "fpa.feature.value_range";
    public static final String RESIZE = "fpa.feature.resize";
    public static final String DIM = "fpa.feature.dim";

    /** How images of another size are brought to the input size. */
    public enum Resize {
        BILINEAR, NONE;

        /** The metadata spelling. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public FeatureModelMetadata {
        if (inputSize <= 0 || dim <= 0 || !(low < high)) {
            throw new IllegalArgumentException("invalid feature model metadata: input size " + inputSize
                    + ", value range " + low + "," + high + ", dim " + dim);
        }
    }

    /** Parses the four keys; {@code source} names the model in the one-line error for a missing or bad key. */
    public static FeatureModelMetadata parse(Map<String, String> props, String source) {
        String[] range = required(props, VALUE_RANGE, source).split(",");
        if (range.length != 2) {
            throw bad(source, VALUE_RANGE, props.get(VALUE_RANGE));
        }
        try {
            return new FeatureModelMetadata(Integer.parseInt(required(props, INPUT_SIZE, source).strip()),
                    Float.parseFloat(range[0].strip()), Float.parseFloat(range[1].strip()),
                    parseResize(required(props, RESIZE, source), source),
                    Integer.parseInt(required(props, DIM, source).strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + ": feature model metadata is not numeric where it must be ("
                    + e.getMessage() + ")");
        }
    }

    /** Maps [0,1] to the model's value range. */
    public float scale(float x) {
        return low + (high - low) * x;
    }

    /** The four entries, for writing into a model's metadata_props. */
    public Map<String, String> toProps() {
        return Map.of(INPUT_SIZE, Integer.toString(inputSize), VALUE_RANGE, format(low) + "," + format(high),
                RESIZE, resize.key(), DIM, Integer.toString(dim));
    }

    private static String format(float v) {
        return v == Math.rint(v) ? Integer.toString((int) v) : Float.toString(v);
    }

    private static Resize parseResize(String value, String source) {
        for (Resize r : Resize.values()) {
            if (r.key().equals(value.strip())) {
                return r;
            }
        }
        throw bad(source, RESIZE, value);
    }

    private static String required(Map<String, String> props, String key, String source) {
        String v = props.get(key);
        if (v == null) {
            throw new IllegalArgumentException(source + ": not a feature model: its ONNX metadata lacks " + key
                    + " (needs " + INPUT_SIZE + ", " + VALUE_RANGE + ", " + RESIZE + ", " + DIM + ")");
        }
        return v;
    }

    private static IllegalArgumentException bad(String source, String key, String value) {
        return new IllegalArgumentException(source + ": bad feature model metadata " + key + "='" + value + "'"
                + (key.equals(RESIZE) ? " (use bilinear or none)" : " (use lo,hi, e.g. -1,1)"));
    }
}
