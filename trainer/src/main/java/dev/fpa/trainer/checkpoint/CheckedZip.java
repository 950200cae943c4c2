package dev.fpa.trainer.checkpoint;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A ZIP archive whose entries are read whole and checked against what the archive declares: the size before
 * anything is allocated, the CRC-32 once the bytes are in.
 *
 * <p>{@link ZipFile} checks neither: a byte flipped inside a stored entry loads as data, and a size is only what the
 * file claims. Damage is reported as a {@link ZipException} whose message names the file and the entry, so that
 * callers can tell a broken archive from one that merely holds something else.
 */
public final class CheckedZip implements Closeable {
    /** Deflate expands data at most about 1032-fold, so an entry claiming more than that is lying. */
    private static final long MAX_DEFLATE_RATIO = 1032;
    /** The largest byte array the JVM reliably allocates. */
    private static final long MAX_ENTRY_BYTES = Integer.MAX_VALUE - 8;

    private final Path file;
    private final ZipFile zip;
    private final long fileSize;
    private long compressedBytesRead;

    private CheckedZip(Path file, ZipFile zip, long fileSize) {
        this.file = file;
        this.zip = zip;
        this.fileSize = fileSize;
    }

    /** @throws ZipException from {@link ZipFile} when the file is not a readable ZIP archive */
    public static CheckedZip open(Path file) throws IOException {
        long size = Files.size(file);
        return new CheckedZip(file, new ZipFile(file.toFile()), size);
    }

    /** The entries in the order of the archive's directory. */
    public List<? extends ZipEntry> entries() {
        return Collections.list(zip.entries());
    }

    /** The entry of that name, or null. */
    public ZipEntry entry(String name) {
        return zip.getEntry(name);
    }

    /**
     * The entry's bytes, of which there may be at most {@code limit}.
     *
     * @throws ZipException when the entry's declared sizes are impossible for this file, or its bytes do not match
     *                      its declared size or CRC-32
     * @throws IOException  when the entry holds more than {@code limit} bytes
     */
    public byte[] read(ZipEntry entry, long limit) throws IOException {
        String name = entry.getName();
        long size = entry.getSize();
        if (size > limit) {
            throw new IOException(file + ": entry " + name + " holds more than the " + limit + " bytes expected");
        }
        checkDeclaredSizes(entry);
        byte[] bytes;
        boolean longer;
        try (InputStream in = zip.getInputStream(entry)) {
            bytes = in.readNBytes((int) size); // grows as data arrives rather than trusting the size up front
            longer = in.read() >= 0;
        } catch (ZipException | EOFException e) {
            throw corrupt(name, Objects.requireNonNullElse(e.getMessage(), "unreadable data"));
        }
        if (bytes.length < size || longer) {
            throw corrupt(name, "its length differs from the " + size + " bytes declared");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes);
        if (crc.getValue() != entry.getCrc()) {
            throw corrupt(name, "CRC-32 mismatch");
        }
        return bytes;
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }

    /**
     * Every byte of an archive belongs to at most one entry, so the compressed sizes of the entries read so far fit in
     * the file; a stored entry is as long as its data, a deflated one at most {@link #MAX_DEFLATE_RATIO} times.
     * Entries that overlap, as in ZIP bombs, or that claim sizes their data cannot have, fail here.
     */
    private void checkDeclaredSizes(ZipEntry entry) throws ZipException {
        long size = entry.getSize();
        long compressed = entry.getCompressedSize();
        compressedBytesRead += Math.max(compressed, 0);
        boolean possible = size >= 0 && compressed >= 0 && compressedBytesRead <= fileSize && size <= MAX_ENTRY_BYTES
                && (entry.getMethod() == ZipEntry.STORED ? size == compressed : size <= compressed * MAX_DEFLATE_RATIO);
        if (!possible) {
            throw corrupt(entry.getName(), "it declares " + size + " bytes in " + compressed + " stored bytes, which a "
                    + fileSize + "-byte archive cannot hold");
        }
    }

    private ZipException corrupt(String name, String why) {
        return new ZipException(file + ": entry " + name + " is corrupt (" + why + ")");
    }
}
