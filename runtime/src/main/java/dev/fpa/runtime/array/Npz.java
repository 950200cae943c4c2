package dev.fpa.runtime.array;

import dev.fpa.runtime.io.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** Reads and writes numpy's .npz archives: a ZIP of .npy files, one per named array. */
public final class Npz {
    private Npz() {
    }

    /**
     * All numeric arrays in file order, named without the {@code .npy} suffix. Stored and deflated entries both
     * work. Text arrays (numpy's {@code <U}/{@code |S}, e.g. a version string saved next to the numbers) are not
     * numbers and are left out; {@link #readText} returns them.
     */
    public static Map<String, NdArray> read(Path file) throws IOException {
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        readEntries(file, (name, value) -> {
            if (value instanceof NdArray array) {
                arrays.put(name, array);
            }
        });
        return arrays;
    }

    /** The text arrays in file order, each as its strings in C order (a 0-d array gives one string). */
    public static Map<String, List<String>> readText(Path file) throws IOException {
        Map<String, List<String>> texts = new LinkedHashMap<>();
        readEntries(file, (name, value) -> {
            if (value instanceof List<?> text) {
                texts.put(name, text.stream().map(String.class::cast).toList());
            }
        });
        return texts;
    }

    private static void readEntries(Path file, BiConsumer<String, Object> sink) throws IOException {
        long archiveSize = Files.size(file);
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.isDirectory() || !e.getName().endsWith(".npy")) {
                    continue;
                }
                String name = e.getName().substring(0, e.getName().length() - 4);
                try (InputStream in = zip.getInputStream(e)) {
                    sink.accept(name, Npy.readValue(in, file + ":" + e.getName(), present(e, archiveSize)));
                }
            }
        } catch (ZipException e) {
            throw new IOException(file + ": not a .npz archive (" + e.getMessage() + ")", e);
        }
    }

    /**
     * The most bytes an entry can deliver: a stored entry is read from the archive as it lies, so its size is
     * known (and no larger than the archive); only inflating tells how much a compressed one holds (-1).
     */
    private static long present(ZipEntry e, long archiveSize) {
        return e.getMethod() == ZipEntry.STORED && e.getSize() >= 0 ? Math.min(e.getSize(), archiveSize) : -1;
    }

    /** Writes an uncompressed archive, as {@code numpy.savez} does. */
    public static void write(Path file, Map<String, NdArray> arrays) throws IOException {
        AtomicFiles.write(file, out -> {
            Writer w = new Writer(out);
            for (Map.Entry<String, NdArray> a : arrays.entrySet()) {
                w.putArray(a.getKey(), a.getValue());
            }
            w.finish();
        });
    }

    /** Streams named arrays (and, for self-describing archives, other small files) into an uncompressed ZIP. */
    public static final class Writer {
        private final ZipOutputStream zip;

        public Writer(OutputStream out) {
            this.zip = new ZipOutputStream(out);
        }

        public void putArray(String name, NdArray array) throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            Npy.write(body, array);
            putFile(name + ".npy", body.toByteArray());
        }

        /** A non-array entry, e.g. a JSON description; numpy's loader lists it but never parses it. */
        public void putFile(String entryName, byte[] bytes) throws IOException {
            ZipEntry e = new ZipEntry(entryName);
            e.setMethod(ZipEntry.STORED);
            e.setSize(bytes.length);
            CRC32 crc = new CRC32();
            crc.update(bytes);
            e.setCrc(crc.getValue());
            zip.putNextEntry(e);
            zip.write(bytes);
            zip.closeEntry();
        }

        /** Completes the archive without closing the underlying stream. */
        public void finish() throws IOException {
            zip.finish();
        }
    }
}
