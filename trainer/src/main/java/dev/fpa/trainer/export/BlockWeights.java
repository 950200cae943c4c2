package dev.fpa.trainer.export;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.fpa.trainer.model.layers.StateDictLoader;
import java.util.Set;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;

/** Reads the loaded values of a DJL block's parameters and children by their torch names. */
final class BlockWeights {
    private BlockWeights() {
    }

    /** The block's own parameter {@code name} as a graph weight of the same name in the current scope. */
    static String weight(OnnxGraph g, Block block, String name) {
        NDArray array = parameter(block, name).getArray();
        return g.weight(name, array.toFloatArray(), array.getShape().getShape());
    }

    /** A 2-D parameter transposed, for x·Wᵀ as MatMul(x, Wᵀ); named "{@code name}_transposed". */
    static String transposed(OnnxGraph g, Block block, String name) {
        NDArray array = parameter(block, name).getArray();
        long[] shape = array.getShape().getShape();
        FMatrixRMaj t = CommonOps_FDRM.transpose(new FMatrixRMaj(Math.toIntExact(shape[0]),
                Math.toIntExact(shape[1]), true, array.toFloatArray()), null);
        return g.weight(name + "_transposed", t.data, shape[1], shape[0]);
    }

    static boolean has(Block block, String name) {
        return block.getDirectParameters().contains(name);
    }

    static float[] values(Block block, String name) {
        return parameter(block, name).getArray().toFloatArray();
    }

    static long[] shape(Block block, String name) {
        return parameter(block, name).getShape().getShape();
    }

    /** The torch names of the block's children, in registration order. */
    static Set<String> children(Block block) {
        return StateDictLoader.children(block).keySet();
    }

    /** The child of {@code block} with the torch name {@code name}, or null. */
    static Block child(Block block, String name) {
        return StateDictLoader.children(block).get(name);
    }

    private static Parameter parameter(Block block, String name) {
        Parameter p = block.getDirectParameters().get(name);
        if (p == null || !p.isInitialized()) {
            throw new IllegalStateException("block " + block.getClass().getSimpleName() + " has no loaded parameter "
                    + name);
        }
        return p;
    }
}
