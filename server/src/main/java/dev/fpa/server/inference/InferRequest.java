package dev.fpa.server.inference;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fpa.runtime.generate.ModelDescription;
import dev.fpa.runtime.generate.Painter;
import dev.fpa.server.http.HttpError;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An Open Inference Protocol request turned into the painter's inputs: either the graph's own inputs ({@code z},
 * and the baseline's noise maps, with the shapes {@code fpa export --triton} declares) or fpa's INT64 {@code seed}
 * [N], which gives the images {@code fpa generate --seeds} gives. Tensor data may be flat or nested JSON, as the
 * protocol allows, or binary ({@link BinaryTensorData}); every shape is checked against its data and the model.
 *
 * @param id      the request's id, echoed in the answer, or null
 * @param inputs  what the model runs on
 * @param outputs the outputs asked for, in order (default: image and raw)
 */
public record InferRequest(String id, Painter.Inputs inputs, List<Output> outputs) {
    /** fpa's extension input: one seed per sample. */
    public static final String SEED = "seed";

    /** An output asked for, and whether its data goes back as binary data rather than JSON. */
    public record Output(String name, boolean binary) {
    }

    /**
     * The request in {@code body} (the JSON header) whose binary input data, if any, is {@code binary} (the bytes
     * after the header, empty when there are none).
     */
    public static InferRequest parse(JsonNode body, ByteBuffer binary, Painter painter, int maxImages) {
        ModelDescription d = painter.description();
        Map<String, JsonNode> tensors = new LinkedHashMap<>();
        JsonNode inputs = body.path("inputs");
        if (!inputs.isArray() || inputs.isEmpty()) {
            throw bad("the request has no \"inputs\" array");
        }
        for (JsonNode t : inputs) {
            String name = t.path("name").asText("");
            if (tensors.put(name, t) != null) {
                throw bad("input " + name + " is given twice");
            }
        }
        Map<String, ByteBuffer> binaryData = BinaryTensorData.inputs(inputs, binary);
        Painter.Inputs in;
        if (tensors.containsKey(SEED)) {
            if (tensors.size() != 1) {
                throw bad("input seed replaces every other input; give seed alone");
            }
            long[] seeds = longs(tensors.get(SEED), binaryData.get(SEED), maxImages);
            in = painter.inputsFor(seeds);
        } else {
            JsonNode z = tensors.remove(ModelDescription.LATENTS);
            if (z == null) {
                throw bad("give input " + ModelDescription.LATENTS + " (FP32 [N, " + d.latentDim() + "]) or "
                        + SEED + " (INT64 [N])");
            }
            long[] shape = shape(z);
            if (shape.length != 2 || shape[1] != d.latentDim()) {
                throw bad("input z must have shape [N, " + d.latentDim() + "], got " + Arrays.toString(shape));
            }
            int n = count(shape[0], maxImages);
            float[] latents = floats(z, binaryData.get(ModelDescription.LATENTS), (long) n * d.latentDim());
            in = new Painter.Inputs(latents, noise(tensors, binaryData, painter, n), n);
        }
        return new InferRequest(body.hasNonNull("id") ? body.get("id").asText() : null, in, outputs(body, d));
    }

    /** The baseline's noise maps in sample order, every input of a sample in input order; none for painters. */
    private static float[] noise(Map<String, JsonNode> tensors, Map<String, ByteBuffer> binaryData, Painter painter,
            int n) {
        Map<String, long[]> shapes = painter.noiseShapes();
        Set<String> unknown = new LinkedHashSet<>(tensors.keySet());
        unknown.removeAll(shapes.keySet());
        if (!unknown.isEmpty()) {
            throw bad("unknown input(s) " + unknown + " (this model takes z" + (shapes.isEmpty() ? "" : ", "
                    + String.join(", ", shapes.keySet())) + ", or seed)");
        }
        if (!shapes.isEmpty() && !tensors.keySet().containsAll(shapes.keySet())) {
            throw bad("with z this model also needs its noise inputs " + shapes.keySet() + " (or give seed "
                    + "instead)");
        }
        List<float[]> maps = new ArrayList<>();
        int perSample = 0;
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            long[] expected = e.getValue().clone();
            expected[0] = n;
            long[] given = shape(tensors.get(e.getKey()));
            if (!Arrays.equals(expected, given)) {
                throw bad("input " + e.getKey() + " must have shape " + Arrays.toString(expected)
                        + ", got " + Arrays.toString(given));
            }
            long values = 1;
            for (long v : expected) {
                values *= v;
            }
            maps.add(floats(tensors.get(e.getKey()), binaryData.get(e.getKey()), values));
            perSample += (int) (values / n);
        }
        float[] noise = new float[n * perSample];
        int within = 0;
        for (float[] map : maps) {
            int size = map.length / n;
            for (int i = 0; i < n; i++) {
                System.arraycopy(map, i * size, noise, i * perSample + within, size);
            }
            within += size;
        }
        return noise;
    }

    /** The outputs asked for; binary_data_output in the request's parameters is the default of binary_data. */
    private static List<Output> outputs(JsonNode body, ModelDescription d) {
        List<String> available = new ArrayList<>(List.of(ModelDescription.IMAGE, ModelDescription.RAW));
        if (d.hasFrames()) {
            available.add(ModelDescription.FRAMES);
        }
        boolean binary = flag(body, "binary_data_output", false);
        JsonNode asked = body.path("outputs");
        if (asked.isMissingNode() || asked.isNull()) {
            return List.of(new Output(ModelDescription.IMAGE, binary), new Output(ModelDescription.RAW, binary));
        }
        List<Output> outputs = new ArrayList<>();
        for (JsonNode o : asked) {
            String name = o.path("name").asText("");
            if (!available.contains(name)) {
                throw bad("unknown output " + name + " (this model gives " + String.join(", ", available) + ")");
            }
            outputs.add(new Output(name, flag(o, "binary_data", binary)));
        }
        if (outputs.isEmpty()) {
            throw bad("\"outputs\" is empty");
        }
        return outputs;
    }

    /** A boolean parameter of a request or of one of its outputs. */
    private static boolean flag(JsonNode owner, String name, boolean fallback) {
        JsonNode v = owner.path("parameters").path(name);
        if (v.isMissingNode() || v.isNull()) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw bad("parameter " + name + " must be true or false, got " + v);
        }
        return v.booleanValue();
    }

    private static long[] shape(JsonNode tensor) {
        JsonNode s = tensor.path("shape");
        if (!s.isArray() || s.isEmpty()) {
            throw bad("input " + tensor.path("name").asText() + " has no shape");
        }
        long[] shape = new long[s.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!s.get(i).canConvertToLong() || s.get(i).asLong() < 1) {
                throw bad("input " + tensor.path("name").asText() + " has an invalid shape " + s);
            }
            shape[i] = s.get(i).asLong();
        }
        return shape;
    }

    private static int count(long n, int maxImages) {
        if (n > maxImages) {
            throw new HttpError(HttpError.TOO_LARGE, "a request may ask for at most " + maxImages
                    + " images, this one asks for " + n);
        }
        return (int) n;
    }

    private static long[] longs(JsonNode tensor, ByteBuffer binary, int maxImages) {
        String type = tensor.path("datatype").asText("");
        if (!type.equals("INT64") && !type.equals("INT32")) {
            throw bad("input seed must be INT64, got " + type);
        }
        long[] shape = shape(tensor);
        if (shape.length != 1) {
            throw bad("input seed must have shape [N]");
        }
        int n = count(shape[0], maxImages);
        long[] seeds = new long[n];
        if (binary != null) {
            boolean wide = type.equals("INT64");
            ByteBuffer data = BinaryTensorData.sized(SEED, binary, n, wide ? Long.BYTES : Integer.BYTES);
            for (int i = 0; i < n; i++) {
                seeds[i] = wide ? data.getLong() : data.getInt();
            }
            return seeds;
        }
        List<JsonNode> values = flatten(tensor.path("data"), n);
        for (int i = 0; i < n; i++) {
            if (!values.get(i).canConvertToLong()) {
                throw bad("seed " + values.get(i) + " is not a 64-bit integer");
            }
            seeds[i] = values.get(i).asLong();
        }
        return seeds;
    }

    /** An FP32 input's values, from JSON or from its binary data; all finite. */
    private static float[] floats(JsonNode tensor, ByteBuffer binary, long count) {
        String name = tensor.path("name").asText();
        if (!"FP32".equals(tensor.path("datatype").asText(""))) {
            throw bad("input " + name + " must be FP32, got " + tensor.path("datatype").asText(""));
        }
        if (binary != null) {
            float[] out = new float[(int) count];
            BinaryTensorData.sized(name, binary, count, Float.BYTES).asFloatBuffer().get(out);
            for (float v : out) {
                if (!Float.isFinite(v)) {
                    throw bad("input " + name + " holds a value that is not a finite number: " + v);
                }
            }
            return out;
        }
        List<JsonNode> values = flatten(tensor.path("data"), count);
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = values.get(i);
            if (!v.isNumber() || !Float.isFinite(v.floatValue())) {
                throw bad("input " + name + " holds a value that is not a finite number: " + v);
            }
            out[i] = v.floatValue();
        }
        return out;
    }

    /** The values of flat or nested data, exactly {@code count} of them. */
    private static List<JsonNode> flatten(JsonNode data, long count) {
        if (!data.isArray()) {
            throw bad("a tensor's \"data\" must be an array");
        }
        List<JsonNode> out = new ArrayList<>();
        ArrayList<JsonNode> stack = new ArrayList<>();
        stack.add(data);
        while (!stack.isEmpty()) {
            JsonNode node = stack.remove(stack.size() - 1);
            if (node.isArray()) {
                for (int i = node.size() - 1; i >= 0; i--) {
                    stack.add(node.get(i));
                }
            } else {
                out.add(node);
                if (out.size() > count) {
                    break;
                }
            }
        }
        if (out.size() != count) {
            throw bad("a tensor's data holds " + (out.size() > count ? "more than " + count : out.size())
                    + " values where its shape asks for " + count);
        }
        return out;
    }

    private static HttpError bad(String message) {
        return new HttpError(HttpError.BAD_REQUEST, message);
    }
}
