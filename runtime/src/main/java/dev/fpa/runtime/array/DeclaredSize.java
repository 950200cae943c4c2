package dev.fpa.runtime.array;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * Reads a block of data whose length a file's header declares (.npy, IDX) without trusting the header. The length
 * is checked against the bytes the source holds and the memory Java may use before anything is allocated, and where
 * only reading can tell (compressed data), memory grows with the bytes actually read. So a few bytes that claim
 * gigabytes cost a few bytes, and no declaration ends in an out-of-memory error.
 */
public final class DeclaredSize {
    /** The longest Java array, less the few words some virtual machines reserve. */
    private static final long LONGEST_ARRAY = Integer.MAX_VALUE - 8;

    private DeclaredSize() {
    }

    /**
     * Reads the {@code declared} bytes of {@code what} (e.g. "array data") that the header of {@code source}
     * promises. {@code present} is how many bytes the stream can still deliver at most (the rest of a file), or
     * -1 when only reading can tell. Fails with a one-line message naming {@code source} when the bytes are not
     * there or could not be held.
     */
    public static byte[] read(InputStream in, long declared, long present, String source, String what)
            throws IOException {
        if (present >= 0 && declared > present) {
            throw truncated(source, declared, what, present);
        }
        if (declared > LONGEST_ARRAY) {
            throw new IOException(source + ": declares " + bytes(declared) + " of " + what
                    + ", more than one array can hold (2 GB)");
        }
        // The bytes and the numbers converted from them are held at the same time. Whether compressed bytes are
        // really there would take inflating them all to tell, so the message allows for both.
        long memory = Runtime.getRuntime().maxMemory();
        if (2 * declared > memory) {
            throw new IOException(source + ": declares " + bytes(declared) + " of " + what + ", which needs twice"
                    + " that but Java may use only " + bytes(memory) + " (if the file is intact, raise the limit with"
                    + " -Xmx, e.g. in FPA_JAVA_OPTS)");
        }
        int length = (int) declared;
        byte[] data;
        int read;
        if (present >= 0) {
            data = new byte[length];
            read = in.readNBytes(data, 0, length);
        } else {
            data = in.readNBytes(length); // allocates in small steps, as the bytes arrive
            read = data.length;
        }
        if (read < length) {
            throw truncated(source, declared, what, read);
        }
        return data;
    }

    /** A file cut short and a header that lies look the same: fewer bytes than declared. */
    private static IOException truncated(String source, long declared, String what, long present) {
        return new IOException(source + ": truncated: declares " + bytes(declared) + " of " + what + " but only "
                + bytes(present) + " are present");
    }

    private static String bytes(long n) {
        return String.format(Locale.ROOT, "%,d bytes", n);
    }
}
