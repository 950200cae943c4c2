package dev.fpa.trainer.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import dev.fpa.runtime.array.NdArray;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A block's state dict as plain arrays, named and ordered like torch's; the inverse of {@link StateDictLoader#load}.
 */
public final class StateDicts {

    private StateDicts() {
    }

    public static Map<String, NdArray> of(Block block) {
        Map<String, NdArray> out = new LinkedHashMap<>();
        StateDictLoader.namedParameters(block).forEach((name, p) -> {
            NDArray a = p.getArray();
            long[] shape = a.getShape().getShape();
            out.put(name, switch (a.getDataType()) {
                case INT64 -> NdArray.of(a.toLongArray(), shape);
                case FLOAT32 -> NdArray.of(a.toFloatArray(), shape);
                default -> throw new IllegalStateException(name + " has unsupported type " + a.getDataType());
            });
        });
        return out;
    }
}
