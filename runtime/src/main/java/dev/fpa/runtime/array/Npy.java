package dev.fpa.runtime.array;

import dev.fpa.runtime.io.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes numpy's .npy format (versions 1 to 3, C order, little-endian).
 * Written by hand because no maintained Java library reads npy without pulling in a tensor framework.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    /** numpy's own loader refuses headers over 10,000 bytes by default; this leaves a hundredfold margin. */
    private static final int MAX_HEADER = 1 << 20;

    private Npy() {
    }

    public static NdArray read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return numbers(readValue(in, file.toString(), Files.size(file)), file.toString());
        }
    }

    /**
     * Reads one numeric array; {@code source} names the stream in error messages. A text array (numpy's
     * {@code <U} or {@code |S}) is refused with a pointer to {@link #readText(InputStream, String)}.
     */
    public static NdArray read(InputStream stream, String source) throws IOException {
        return numbers(readValue(stream, source, -1), source);
    }

    private static NdArray numbers(Object value, String source) throws IOException {
        if (value instanceof NdArray array) {
            return array;
        }
        throw new IOException(source + ": holds text, not numbers (read it with Npy.readText)");
    }

    /**
     * Reads one text array, numpy's {@code <U} (UTF-32) or {@code |S} (bytes), e.g. a version string or a file
     * list: the elements in C order (a 0-d array gives one), with numpy's trailing NUL padding removed.
     */
    public static List<String> readText(InputStream stream, String source) throws IOException {
        if (readValue(stream, source, -1) instanceof List<?> text) {
            return text.stream().map(String.class::cast).toList();
        }
        throw new IOException(source + ": holds numbers, not text (read it with Npy.read)");
    }

    /** True for the numpy descriptors of text arrays, which {@link #readText} reads. */
    static boolean isText(String descr) {
        return descr.matches("[<=|]U\\d+") || descr.matches("[|]?S\\d+");
    }

    /**
     * One array: an {@link NdArray} for numbers, a {@code List<String>} for text. {@code present} is how many
     * bytes the stream holds at most (a file's size), or -1 when only reading can tell (compressed data); no
     * header makes it allocate more than that, or more than it has read.
     */
    static Object readValue(InputStream stream, String source, long present) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        byte[] magic = new byte[8];
        try {
            in.readFully(magic);
        } catch (EOFException e) {
            throw new IOException(source + ": not a .npy file (too short)");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (magic[i] != MAGIC[i]) {
                throw new IOException(source + ": not a .npy file (bad magic)");
            }
        }
        int major = magic[6];
        long headerLength;
        int lengthField;
        try {
            if (major == 1) {
                headerLength = in.readUnsignedByte() | (in.readUnsignedByte() << 8);
                lengthField = 2;
            } else if (major == 2 || major == 3) {
                headerLength = Integer.toUnsignedLong(Integer.reverseBytes(in.readInt()));
                lengthField = 4;
            } else {
                throw new IOException(source + ": unsupported .npy version " + major);
            }
        } catch (EOFException e) {
            throw new IOException(source + ": not a .npy file (too short)");
        }
        if (headerLength > MAX_HEADER) {
            throw new IOException(source + ": .npy header length " + headerLength + " is implausible (numpy writes"
                    + " a few hundred bytes; at most " + MAX_HEADER + " are accepted)");
        }
        long remaining = present < 0 ? -1 : present - magic.length - lengthField;
        byte[] headerBytes = DeclaredSize.read(in, headerLength, remaining, source, ".npy header");
        String header = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = group(DESCR, header, "descr", source);
        if (group(FORTRAN, header, "fortran_order", source).equals("True")) {
            throw new IOException(source + ": Fortran-order arrays are not supported");
        }
        String shapeText = group(SHAPE, header, "shape", source);
        long[] shape = parseShape(shapeText, source);
        long n = elements(shape, shapeText, source);
        long dataLength = remaining < 0 ? -1 : remaining - headerLength;
        if (isText(descr)) {
            return readText(in, descr, n, dataLength, source);
        }
        DType dtype;
        try {
            dtype = DType.fromDescr(descr);
        } catch (IllegalArgumentException e) {
            throw new IOException(source + ": " + e.getMessage());
        }
        byte[] data = DeclaredSize.read(in, multiply(n, dtype.size(), shapeText, source), dataLength, source,
                "array data");
        return new NdArray(dtype, shape, data);
    }

    /** {@code n} fixed-width strings: UTF-32LE code points for {@code <U}, single bytes for {@code S}. */
    private static List<String> readText(InputStream in, String descr, long n, long present, String source)
            throws IOException {
        boolean unicode = descr.contains("U");
        int chars;
        try {
            chars = Integer.parseInt(descr.replaceAll("\\D", ""));
        } catch (NumberFormatException e) {
            throw new IOException(source + ": text width in '" + descr + "' is out of range");
        }
        if (chars == 0) {
            throw new IOException(source + ": text of width 0 ('" + descr + "') is not supported");
        }
        long width = unicode ? 4L * chars : chars;
        byte[] data = DeclaredSize.read(in, multiply(n, width, descr, source), present, source, "text");
        List<String> out = new ArrayList<>();
        for (int at = 0; at < data.length; at += (int) width) {
            StringBuilder text = new StringBuilder();
            for (int c = 0; c < chars; c++) {
                int i = at + (unicode ? 4 * c : c);
                int code = unicode ? (data[i] & 0xff) | (data[i + 1] & 0xff) << 8 | (data[i + 2] & 0xff) << 16
                        | (data[i + 3] & 0xff) << 24 : data[i] & 0xff;
                if (!Character.isValidCodePoint(code)) {
                    throw new IOException(source + ": invalid character U+" + Integer.toHexString(code));
                }
                text.appendCodePoint(code);
            }
            int end = text.length();
            while (end > 0 && text.charAt(end - 1) == 0) {
                end--;
            }
            out.add(text.substring(0, end));
        }
        return out;
    }

    public static void write(Path file, NdArray array) throws IOException {
        AtomicFiles.write(file, out -> write(out, array));
    }

    public static void write(OutputStream out, NdArray array) throws IOException {
        StringBuilder shape = new StringBuilder("(");
        long[] s = array.shape();
        for (int i = 0; i < s.length; i++) {
            shape.append(s[i]).append(s.length == 1 ? "," : i < s.length - 1 ? ", " : "");
        }
        shape.append(')');
        String dict = "{'descr': '" + array.dtype().descr() + "', 'fortran_order': False, 'shape': " + shape + ", }";
        // numpy pads the header with spaces so that the data starts at a multiple of 64 bytes.
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(padding) + "\n";
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.write(MAGIC);
        head.write(1);
        head.write(0);
        head.write(header.length() & 0xff);
        head.write(header.length() >>> 8);
        head.write(header.getBytes(StandardCharsets.ISO_8859_1));
        head.writeTo(out);
        out.write(array.bytes());
    }

    private static String group(Pattern p, String header, String key, String source) throws IOException {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new IOException(source + ": .npy header has no '" + key + "': " + header.trim());
        }
        return m.group(1);
    }

    private static long[] parseShape(String text, String source) throws IOException {
        List<Long> dims = new ArrayList<>();
        for (String part : text.split(",")) {
            String t = part.trim();
            if (!t.isEmpty()) {
                long d;
                try {
                    d = Long.parseLong(t.endsWith("L") ? t.substring(0, t.length() - 1) : t);
                } catch (NumberFormatException e) {
                    d = -1;
                }
                if (d < 0) {
                    throw new IOException(source + ": .npy shape (" + text + ") has a dimension that is not a"
                            + " whole number of at least 0: " + t);
                }
                dims.add(d);
            }
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    /** The element count, refused when it does not fit in 64 bits. */
    private static long elements(long[] shape, String shapeText, String source) throws IOException {
        long n = 1;
        for (long d : shape) {
            n = multiply(n, d, shapeText, source);
        }
        return n;
    }

    /** a·b, refused when a header's numbers multiply beyond 64 bits; {@code what} shows the numbers. */
    private static long multiply(long a, long b, String what, String source) throws IOException {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw new IOException(source + ": .npy header declares more data than can be counted (" + what + ")");
        }
    }
}
