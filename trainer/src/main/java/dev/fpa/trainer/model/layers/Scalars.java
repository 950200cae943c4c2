package dev.fpa.trainer.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Scalars for arithmetic that autograd differentiates. DJL's {@code x.mul(2.0)} wraps the number in an array that
 * points at Java memory and closes it as soon as the product exists, but autograd keeps that array for the backward
 * pass of mul, div and maximum: the backward then reads memory the garbage collector may already have reused, and
 * gradients come out wrong now and then. An array made here is filled by libtorch in its own memory, so autograd's
 * reference keeps it valid however early its handle is closed (see {@link Transients}).
 */
public final class Scalars {

    private Scalars() {
    }

    /** A 0-d array of {@code value}, of the activation's type, on the activation's manager. */
    public static NDArray like(NDArray activation, double value) {
        return activation.getManager().full(new Shape(), (float) value, activation.getDataType());
    }
}
