package dev.fpa.runtime.array;

/** Element types that .npy files in this project use, with their numpy descriptors (little-endian). */
public enum DType {
    FLOAT32("<f4", 4),
    FLOAT64("<f8", 8),
    INT64("<i8", 8),
    INT32("<i4", 4),
    UINT8("|u1", 1);

    private final String descr;
    private final int size;

    DType(String descr, int size) {
        this.descr = descr;
        this.size = size;
    }

    /** The numpy descriptor, e.g. {@code <f4}. */
    public String descr() {
        return descr;
    }

    /** Bytes per element. */
    public int size() {
        return size;
    }

    /** Finds the type for a numpy descriptor; '=' and '<' mean little-endian, '|' means no byte order. */
    public static DType fromDescr(String descr) {
        String d = descr.startsWith("=") ? "<" + descr.substring(1) : descr;
        if (d.equals("<u1") || d.equals("u1") || d.equals("|b1")) {
            d = "|u1";
        }
        for (DType t : values()) {
            if (t.descr.equals(d)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unsupported numpy dtype '" + descr
                + "' (supported: little-endian float32, float64, int64, int32, uint8)");
    }
}
