package dev.fpa.trainer.imports;

import dev.fpa.runtime.array.NdArray;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * A tensor as a checkpoint pickle describes it: a strided view (offset, size, stride, in elements) into a storage.
 * Kept apart from its bytes because a legacy file stores them only after the pickle.
 */
record TensorRef(StorageRef storage, long offset, long[] size, long[] stride) {

    /** Checks the arguments of {@code torch._utils._rebuild_tensor(_v2)}: storage, offset, size, stride. */
    static TensorRef of(Object storage, Object offset, Object size, Object stride) throws IOException {
        if (!(storage instanceof StorageRef ref)) {
            throw new IOException("a tensor's storage must be a persistent storage reference, got "
                    + ValueText.of(storage));
        }
        if (!(offset instanceof Long start) || start < 0) {
            throw new IOException("tensor offset must be a non-negative int, got " + ValueText.of(offset));
        }
        long[] dims = longs(size, "size");
        long[] steps = longs(stride, "stride");
        if (dims.length != steps.length) {
            throw new IOException("tensor size " + ValueText.of(size) + " and stride " + ValueText.of(stride)
                    + " differ in length");
        }
        return new TensorRef(ref, start, dims, steps);
    }

    /** The number of elements of the view, which must fit one Java array. */
    long elementCount() throws IOException {
        long count = 1;
        try {
            for (long dim : size) {
                count = Math.multiplyExact(count, dim);
            }
        } catch (ArithmeticException e) {
            throw tooLarge();
        }
        if (count > StorageRef.MAX_BYTES / storage.type().elementSize()) {
            throw tooLarge();
        }
        return count;
    }

    /** True when the view is its whole storage in order: its array then shares the storage's bytes. */
    boolean isWholeStorage() throws IOException {
        return offset == 0 && elementCount() == storage.numel() && isContiguous();
    }

    /** Gathers the view from the storage's bytes into a C-order array. */
    NdArray toArray(byte[] storageBytes) throws IOException {
        int elementSize = storage.type().elementSize();
        long count = elementCount();
        long last = offset;
        try {
            for (int d = 0; d < size.length; d++) {
                last = Math.addExact(last, Math.multiplyExact(size[d] - 1, stride[d]));
            }
        } catch (ArithmeticException e) {
            throw tooLarge();
        }
        if (count > 0 && last >= storage.numel()) {
            throw new IOException("tensor of size " + Arrays.toString(size) + ", stride " + Arrays.toString(stride)
                    + " and offset " + offset + " reaches past the " + storage.numel() + " elements of storage '"
                    + storage.key() + "'");
        }
        byte[] elements;
        if (isWholeStorage()) {
            elements = storageBytes; // NdArray never changes or hands out its bytes, so may share them
        } else {
            elements = new byte[(int) count * elementSize];
            if (count > 0 && isContiguous()) {
                System.arraycopy(storageBytes, (int) offset * elementSize, elements, 0, elements.length);
            } else if (count > 0) {
                gather(storageBytes, elements, elementSize);
            }
        }
        return new NdArray(storage.type().dtype(), size, storage.type().toDTypeBytes(elements));
    }

    /** True when the view is one run of consecutive elements in C order. */
    private boolean isContiguous() {
        long expected = 1;
        for (int d = size.length - 1; d >= 0; d--) {
            // A dimension of size 1 is never stepped along, so its stride does not matter.
            if (size[d] != 1 && stride[d] != expected) {
                return false;
            }
            expected *= size[d];
        }
        return true;
    }

    /** Copies the elements one innermost row at a time, walking the outer indices like an odometer. */
    private void gather(byte[] from, byte[] to, int elementSize) {
        int rank = size.length;
        long rowLength = size[rank - 1];
        long rowStride = stride[rank - 1];
        long[] index = new long[rank - 1];
        int written = 0;
        for (long row = 0, rows = to.length / elementSize / rowLength; row < rows; row++) {
            long start = offset;
            for (int d = 0; d < rank - 1; d++) {
                start += index[d] * stride[d];
            }
            for (long i = 0; i < rowLength; i++) {
                System.arraycopy(from, (int) (start + i * rowStride) * elementSize, to, written, elementSize);
                written += elementSize;
            }
            for (int d = rank - 2; d >= 0 && ++index[d] == size[d]; d--) {
                index[d] = 0;
            }
        }
    }

    @Override
    public String toString() {
        return "tensor of size " + Arrays.toString(size) + " in storage '" + storage.key() + "'";
    }

    private IOException tooLarge() {
        return new IOException("tensor of size " + Arrays.toString(size) + " is too large for one Java array");
    }

    private static long[] longs(Object tuple, String what) throws IOException {
        if (!(tuple instanceof List<?> items)) {
            throw new IOException("tensor " + what + " must be a tuple of ints, got " + ValueText.of(tuple));
        }
        long[] values = new long[items.size()];
        for (int i = 0; i < values.length; i++) {
            if (!(items.get(i) instanceof Long value) || value < 0) {
                throw new IOException("tensor " + what + " must hold non-negative ints, got " + ValueText.of(tuple));
            }
            values[i] = value;
        }
        return values;
    }
}
