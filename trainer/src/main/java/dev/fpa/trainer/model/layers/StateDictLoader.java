package dev.fpa.trainer.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.fpa.runtime.array.DType;
import dev.fpa.runtime.array.NdArray;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Maps official PyTorch state dicts onto blocks whose children and parameters carry the torch names
 * ({@link TorchModule}): a block's parameters are named like torch's {@code state_dict()} keys, and
 * loading is all or nothing.
 */
public final class StateDictLoader {
    /** The U-Net models register every module a second time under this ModuleDict; same tensors. */
    private static final String DUPLICATE_PREFIX = "mod_dict.";

    private StateDictLoader() {
    }

    /**
     * Every parameter of {@code block} under its torch name ("kvb_net.weight"), in registration order,
     * which for these models is also torch's {@code parameters()} order.
     */
    public static Map<String, Parameter> namedParameters(Block block) {
        Map<String, Parameter> named = new LinkedHashMap<>();
        collect(block, "", named);
        return named;
    }

    private static void collect(Block block, String prefix, Map<String, Parameter> into) {
        for (Pair<String, Parameter> p : block.getDirectParameters()) {
            into.put(prefix + p.getKey(), p.getValue());
        }
        children(block).forEach((name, child) -> collect(child, prefix + name + ".", into));
    }

    /** The direct children of a block under their torch names ("decoder_rnn", "0"), in registration order. */
    public static Map<String, Block> children(Block block) {
        Map<String, Block> named = new LinkedHashMap<>();
        int position = 0;
        for (Pair<String, Block> child : block.getChildren()) {
            position++;
            named.put(torchName(child.getKey(), position), child.getValue());
        }
        return named;
    }

    /** DJL stores a child as its 1-based position in two digits plus the given name ("03decoder_rnn"). */
    private static String torchName(String djlName, int position) {
        String number = String.format(Locale.ROOT, "%02d", position);
        if (!djlName.startsWith(number)) {
            throw new IllegalStateException("unexpected DJL child name '" + djlName + "' at position " + position);
        }
        return djlName.substring(number.length());
    }

    /**
     * Copies the entries of {@code stateDict} that start with {@code prefix} (e.g. "G." or "GE.") into
     * the parameters of an initialised block. Entries under "mod_dict." are duplicates and skipped.
     *
     * @throws StateDictMismatchException listing every missing, unexpected or wrongly shaped entry;
     *         nothing is loaded then
     */
    public static void load(Block block, Map<String, NdArray> stateDict, String prefix) {
        Map<String, Parameter> expected = namedParameters(block);
        Map<String, NdArray> given = new LinkedHashMap<>();
        stateDict.forEach((key, value) -> {
            if (key.startsWith(prefix) && !key.startsWith(prefix + DUPLICATE_PREFIX)) {
                given.put(key.substring(prefix.length()), value);
            }
        });
        expected.forEach((name, parameter) -> {
            if (!parameter.isInitialized()) {
                throw new IllegalStateException("initialize the block before loading: " + name + " has no array");
            }
        });
        List<String> missing = new ArrayList<>();
        List<String> wrongShapes = new ArrayList<>();
        expected.forEach((name, parameter) -> {
            NdArray value = given.get(name);
            DType wanted = dtypeOf(parameter.getArray());
            if (value == null) {
                missing.add(name);
            } else if (!new Shape(value.shape()).equals(parameter.getShape()) || value.dtype() != wanted) {
                wrongShapes.add(name + ": checkpoint " + new Shape(value.shape()) + " " + value.dtype()
                        + ", model " + parameter.getShape() + " " + wanted);
            }
        });
        List<String> unexpected = given.keySet().stream().filter(name -> !expected.containsKey(name)).toList();
        if (!missing.isEmpty() || !unexpected.isEmpty() || !wrongShapes.isEmpty()) {
            throw new StateDictMismatchException(prefix, missing, unexpected, wrongShapes);
        }
        expected.forEach((name, parameter) -> {
            InPlaceCopy.fromHost(given.get(name), parameter.getArray());
        });
    }

    /** Parameters are float32; buffers such as BatchNorm's num_batches_tracked are int64, as in torch. */
    private static DType dtypeOf(NDArray array) {
        return switch (array.getDataType()) {
            case FLOAT32 -> DType.FLOAT32;
            case INT64 -> DType.INT64;
            default -> throw new IllegalStateException("unsupported parameter type " + array.getDataType());
        };
    }
}
