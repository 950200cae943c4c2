package dev.fpa.runtime.array;

import dev.fpa.runtime.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** Reads and writes numpy's .npz archives: a ZIP of .npy files, one per named array. */
public final class Npz {
    private Npz() {
    }

    /** All arrays in file order, named without the {@code .npy} suffix. Stored and deflated entries both work. */
    public static Map<String, NdArray> read(Path file) throws IOException {
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.isDirectory() || !e.getName().endsWith(".npy")) {
                    continue;
                }
                String name = e.getName().substring(0, e.getName().length() - 4);
                try (InputStream in = zip.getInputStream(e)) {
                    arrays.put(name, Npy.read(in, file + ":" + e.getName()));
                }
            }
        } catch (java.util.zip.ZipException e) {
            throw new IOException(file + ": not a .npz archive (" + e.getMessage() + ")", e);
        }
        return arrays;
    }

    /** Writes an uncompressed archive, as {@code numpy.savez} does. */
    public static void write(Path file, Map<String, NdArray> arrays) throws IOException {
        AtomicFiles.write(file, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            for (Map.Entry<String, NdArray> a : arrays.entrySet()) {
                java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
                Npy.write(body, a.getValue());
                byte[] bytes = body.toByteArray();
                ZipEntry e = new ZipEntry(a.getKey() + ".npy");
                e.setMethod(ZipEntry.STORED);
                e.setSize(bytes.length);
                CRC32 crc = new CRC32();
                crc.update(bytes);
                e.setCrc(crc.getValue());
                zip.putNextEntry(e);
                zip.write(bytes);
                zip.closeEntry();
            }
            zip.finish();
        });
    }
}
