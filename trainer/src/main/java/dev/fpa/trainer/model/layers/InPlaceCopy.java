package dev.fpa.trainer.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.fpa.runtime.array.DType;
import dev.fpa.runtime.array.NdArray;

/**
 * Overwrites an existing engine array in place (loading weights and optimizer state, EMA updates). DJL's
 * {@code NDArray.set(Buffer)} and {@code copyTo} enter libtorch under a deprecated dispatch guard that prints a
 * warning on stderr the first time; an indexed put of the whole array makes the same copy without it.
 */
public final class InPlaceCopy {
    private InPlaceCopy() {
    }

    /** target ← values, converted to target's type. */
    public static void from(NDArray source, NDArray target) {
        target.set(new NDIndex("..."), source.toType(target.getDataType(), false));
    }

    /** target ← host values of the same shape. */
    public static void fromHost(NdArray values, NDArray target) {
        try (NDManager scratch = target.getManager().newSubManager()) {
            from(values.dtype() == DType.INT64 ? scratch.create(values.toLongArray(), target.getShape())
                    : scratch.create(values.toFloatArray(), target.getShape()), target);
        }
    }
}
