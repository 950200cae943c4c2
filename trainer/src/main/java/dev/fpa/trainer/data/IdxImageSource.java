package dev.fpa.trainer.data;

import dev.fpa.runtime.array.DeclaredSize;
import dev.fpa.runtime.image.ImageData;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Images of an IDX file (the MNIST / Fashion-MNIST format: big-endian header, unsigned bytes), gzipped or not.
 * Given a folder, it takes the {@code <split>-images-idx3-ubyte[.gz]} file in it.
 */
public final class IdxImageSource implements ImageSource {
    private static final int UBYTE_3D = 0x00000803;
    /** Magic, count, rows, columns. */
    private static final int HEADER_BYTES = 16;

    private final Path file;
    private final int count;
    private final int rows;
    private final int cols;
    private final byte[] pixels;

    public IdxImageSource(Path file) throws IOException {
        this.file = file;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(openStream(file)))) {
            int magic = in.readInt();
            if (magic != UBYTE_3D) {
                throw new IOException(file + ": not an IDX image file (magic 0x" + Integer.toHexString(magic)
                        + ", expected 0x00000803)");
            }
            count = in.readInt();
            rows = in.readInt();
            cols = in.readInt();
            long imageBytes = (long) rows * cols;
            if (count < 0 || rows <= 0 || cols <= 0 || count > 0 && imageBytes > Long.MAX_VALUE / count) {
                throw new IOException(file + ": bad IDX dimensions " + count + "x" + rows + "x" + cols);
            }
            pixels = DeclaredSize.read(in, count * imageBytes, bytesAfterHeader(file, HEADER_BYTES),
                    file.toString(), count + " images of " + rows + "x" + cols + " pixels");
        } catch (EOFException e) {
            throw new IOException(file + ": truncated IDX file");
        }
    }

    /** True if the path is an IDX image file, or a folder holding one for the split. */
    public static boolean accepts(Path path, String split) throws IOException {
        return Files.isDirectory(path) ? find(path, split) != null : isIdxName(path);
    }

    /** Opens an IDX file, or the split's image file inside a folder. */
    public static IdxImageSource open(Path path, String split) throws IOException {
        if (!Files.isDirectory(path)) {
            return new IdxImageSource(path);
        }
        Path f = find(path, split);
        if (f == null) {
            throw new IOException(path + ": no " + split + "-images-idx3-ubyte[.gz] file");
        }
        return new IdxImageSource(f);
    }

    private static Path find(Path dir, String split) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return n.startsWith(split + "-images") && isIdxName(p);
            }).sorted().findFirst().orElse(null);
        }
    }

    private static boolean isIdxName(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith("idx3-ubyte") || n.endsWith("idx3-ubyte.gz");
    }

    /** Opens an IDX file, inflating it when its name ends in .gz. */
    static InputStream openStream(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        return isGzip(file) ? new GZIPInputStream(raw, 1 << 16) : raw;
    }

    /** The bytes an IDX file holds after its header: known for a plain file, -1 (only reading tells) for gzip. */
    static long bytesAfterHeader(Path file, int headerBytes) throws IOException {
        return isGzip(file) ? -1 : Files.size(file) - headerBytes;
    }

    private static boolean isGzip(Path file) {
        return file.getFileName().toString().endsWith(".gz");
    }

    @Override
    public String name() {
        Path parent = file.toAbsolutePath().getParent();
        String base = file.getFileName().toString().replaceFirst("-images-idx3-ubyte(\\.gz)?$", "");
        return (parent == null || parent.getFileName() == null ? "" : parent.getFileName() + "-") + base;
    }

    @Override
    public String location() {
        return file + " (IDX)";
    }

    @Override
    public int count() {
        return count;
    }

    @Override
    public ImageData read(int index) {
        int n = rows * cols;
        byte[] p = new byte[n];
        System.arraycopy(pixels, index * n, p, 0, n);
        return new ImageData(cols, rows, 1, p);
    }

    @Override
    public String describe(int index) {
        return file + "[" + index + "]";
    }

    @Override
    public String fingerprint() throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return file.toAbsolutePath() + "\t" + a.size() + "\t" + a.lastModifiedTime().toMillis();
    }
}
