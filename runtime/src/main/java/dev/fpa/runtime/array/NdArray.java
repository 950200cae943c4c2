package dev.fpa.runtime.array;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A dense C-order array as stored in .npy files: a type, a shape and little-endian bytes.
 * Immutable; the typed accessors copy.
 */
public final class NdArray {
    private final DType dtype;
    private final long[] shape;
    private final byte[] data;

    public NdArray(DType dtype, long[] shape, byte[] data) {
        long n = count(shape);
        if (n * dtype.size() != data.length) {
            throw new IllegalArgumentException("array of shape " + Arrays.toString(shape) + " and type "
                    + dtype + " needs " + n * dtype.size() + " bytes, got " + data.length);
        }
        this.dtype = dtype;
        this.shape = shape.clone();
        this.data = data;
    }

    public static NdArray of(float[] values, long... shape) {
        ByteBuffer b = buffer(values.length * 4L);
        b.asFloatBuffer().put(values);
        return new NdArray(DType.FLOAT32, checkedShape(values.length, shape), b.array());
    }

    public static NdArray of(double[] values, long... shape) {
        ByteBuffer b = buffer(values.length * 8L);
        b.asDoubleBuffer().put(values);
        return new NdArray(DType.FLOAT64, checkedShape(values.length, shape), b.array());
    }

    public static NdArray of(long[] values, long... shape) {
        ByteBuffer b = buffer(values.length * 8L);
        b.asLongBuffer().put(values);
        return new NdArray(DType.INT64, checkedShape(values.length, shape), b.array());
    }

    public static NdArray ofBytes(byte[] values, long... shape) {
        return new NdArray(DType.UINT8, checkedShape(values.length, shape), values.clone());
    }

    public DType dtype() {
        return dtype;
    }

    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** Size of one dimension; negative indices count from the end. */
    public int dim(int axis) {
        return Math.toIntExact(shape[axis < 0 ? shape.length + axis : axis]);
    }

    public long size() {
        return count(shape);
    }

    /** The raw little-endian bytes (a copy). */
    public byte[] bytes() {
        return data.clone();
    }

    /** The elements converted to float. */
    public float[] toFloatArray() {
        int n = Math.toIntExact(size());
        float[] out = new float[n];
        ByteBuffer b = view();
        switch (dtype) {
            case FLOAT32 -> b.asFloatBuffer().get(out);
            default -> {
                double[] d = toDoubleArray();
                for (int i = 0; i < n; i++) {
                    out[i] = (float) d[i];
                }
            }
        }
        return out;
    }

    /** The elements converted to double. */
    public double[] toDoubleArray() {
        int n = Math.toIntExact(size());
        double[] out = new double[n];
        ByteBuffer b = view();
        for (int i = 0; i < n; i++) {
            out[i] = switch (dtype) {
                case FLOAT32 -> b.getFloat(i * 4);
                case FLOAT64 -> b.getDouble(i * 8);
                case INT64 -> b.getLong(i * 8);
                case INT32 -> b.getInt(i * 4);
                case UINT8 -> b.get(i) & 0xff;
            };
        }
        return out;
    }

    /** The elements as long; floating types must hold whole numbers. */
    public long[] toLongArray() {
        int n = Math.toIntExact(size());
        long[] out = new long[n];
        ByteBuffer b = view();
        for (int i = 0; i < n; i++) {
            out[i] = switch (dtype) {
                case INT64 -> b.getLong(i * 8);
                case INT32 -> b.getInt(i * 4);
                case UINT8 -> b.get(i) & 0xff;
                case FLOAT32, FLOAT64 -> {
                    double d = dtype == DType.FLOAT32 ? b.getFloat(i * 4) : b.getDouble(i * 8);
                    if (d != Math.rint(d)) {
                        throw new IllegalStateException("element " + i + " is not a whole number: " + d);
                    }
                    yield (long) d;
                }
            };
        }
        return out;
    }

    /** The single element of a 0-d or one-element array. */
    public double scalar() {
        if (size() != 1) {
            throw new IllegalStateException("not a scalar: shape " + Arrays.toString(shape));
        }
        return toDoubleArray()[0];
    }

    @Override
    public String toString() {
        return "NdArray" + Arrays.toString(shape) + " " + dtype;
    }

    private ByteBuffer view() {
        return ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static ByteBuffer buffer(long bytes) {
        return ByteBuffer.allocate(Math.toIntExact(bytes)).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static long count(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    private static long[] checkedShape(int length, long[] shape) {
        long[] s = shape.length == 0 && length != 1 ? new long[] {length} : shape;
        if (count(s) != length) {
            throw new IllegalArgumentException(length + " values do not fill shape " + Arrays.toString(s));
        }
        return s;
    }
}
