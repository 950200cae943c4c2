package dev.fpa.trainer.imports;

import dev.fpa.runtime.array.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The typed torch storages a checkpoint may hold, with their element size and the array type they load as. */
enum StorageType {
    FLOAT("FloatStorage", 4, DType.FLOAT32),
    DOUBLE("DoubleStorage", 8, DType.FLOAT64),
    // DType has no float16: half values widen to float32, which holds every one of them exactly.
    HALF("HalfStorage", 2, DType.FLOAT32),
    LONG("LongStorage", 8, DType.INT64),
    INT("IntStorage", 4, DType.INT32),
    BYTE("ByteStorage", 1, DType.UINT8),
    BOOL("BoolStorage", 1, DType.UINT8);

    private final String pythonName;
    private final int elementSize;
    private final DType dtype;

    StorageType(String className, int elementSize, DType dtype) {
        this.pythonName = "torch." + className;
        this.elementSize = elementSize;
        this.dtype = dtype;
    }

    /** The global a pickle names this type by, e.g. {@code torch.FloatStorage}. */
    String pythonName() {
        return pythonName;
    }

    /** Bytes per element in the file. */
    int elementSize() {
        return elementSize;
    }

    /** The type of the loaded array. */
    DType dtype() {
        return dtype;
    }

    /** Turns little-endian elements of this storage type into the bytes of {@link #dtype()}. */
    byte[] toDTypeBytes(byte[] elements) {
        if (this != HALF) {
            return elements;
        }
        ByteBuffer in = ByteBuffer.wrap(elements).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer out = ByteBuffer.allocate(elements.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        while (in.hasRemaining()) {
            out.putFloat(halfToFloat(in.getShort()));
        }
        return out.array();
    }

    /** IEEE 754 binary16 to binary32; exact, since every half value is a float value. */
    static float halfToFloat(short half) {
        int bits = half & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13)); // infinity, or NaN with its payload
        }
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f; // zero or subnormal: the product is exact
            return sign == 0 ? magnitude : -magnitude;
        }
        // Rebias the exponent from 15 to 127.
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    @Override
    public String toString() {
        return pythonName;
    }
}
