package dev.fpa.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.fpa.runtime.array.DType;
import dev.fpa.runtime.array.NdArray;

/**
 * Writes values into an existing array's own memory. DJL's {@code NDArray.set(float[])} instead makes the tensor
 * point at a Java buffer, whose different alignment can change libtorch's vectorised arithmetic in the last bit:
 * a model loaded that way would not continue training exactly as the model that was saved.
 */
public final class TensorCopy {
    private static final NDIndex ALL = new NDIndex("...");

    private TensorCopy() {
    }

    /** target ← values (same shape; float32 or int64, as the target). */
    public static void into(NDArray target, NdArray values) {
        try (NDManager scratch = target.getManager().newSubManager()) {
            Shape shape = new Shape(values.shape());
            NDArray source = values.dtype() == DType.INT64 ? scratch.create(values.toLongArray(), shape)
                    : scratch.create(values.toFloatArray(), shape);
            target.set(ALL, source);
        }
    }
}
