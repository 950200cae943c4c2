package dev.fpa.trainer.model;

import dev.fpa.trainer.model.layers.StateDictLoader;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the model tests share: facts about a block's parameters to compare with torch, and array access. */
final class ModelChecks {

    private ModelChecks() {
    }

    /** Trainable elements, as torch's sum(p.numel() for p in parameters()); buffers do not count. */
    static long parameterCount(Block block) {
        return StateDictLoader.namedParameters(block).values().stream()
                .filter(Parameter::requiresGradient)
                .mapToLong(p -> p.getShape().size())
                .sum();
    }

    /** Every state-dict name of the block with its shape, in registration order. */
    static Map<String, Shape> stateDictShapes(Block block) {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        StateDictLoader.namedParameters(block).forEach((name, p) -> shapes.put(name, p.getShape()));
        return shapes;
    }

    /** The manifest's checkpoint keys under {@code prefix} (prefix removed) with their shapes, in file order. */
    static Map<String, Shape> manifestShapes(JsonNode manifest, String prefix) {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        for (JsonNode entry : manifest.get("checkpoints").get("model_0.pt").get("GAN_keys")) {
            String key = entry.get(0).asText();
            if (key.startsWith(prefix)) {
                long[] dims = new long[entry.get(1).size()];
                for (int i = 0; i < dims.length; i++) {
                    dims[i] = entry.get(1).get(i).asLong();
                }
                shapes.put(key.substring(prefix.length()), new Shape(dims));
            }
        }
        return shapes;
    }

    /** The elements of an array as doubles, for comparisons with references computed in double. */
    static double[] values(NDArray array) {
        float[] f = array.toFloatArray();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
