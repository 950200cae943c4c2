package dev.fpa.trainer.model;

import ai.djl.ndarray.NDArray;

/**
 * Scalars for arithmetic that autograd differentiates. DJL's {@code x.mul(2.0)} wraps the number in an array that
 * points at Java memory and closes it as soon as the product exists, but autograd keeps that array for the backward
 * pass of mul, div and maximum: the backward then reads memory the garbage collector may already have reused, and
 * gradients come out wrong now and then. An array made here belongs to the activation's manager and lives as long
 * as the activations do.
 */
public final class Scalars {

    private Scalars() {
    }

    /** A 0-d array of {@code value}, of the activation's type, owned by the activation's manager. */
    public static NDArray like(NDArray activation, double value) {
        return activation.getManager().create((float) value).toType(activation.getDataType(), false);
    }
}
