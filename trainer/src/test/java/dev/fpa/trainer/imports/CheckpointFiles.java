package dev.fpa.trainer.imports;

import dev.fpa.runtime.testing.TestData;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes small checkpoint files in both torch.save layouts, and the fixture directory. */
final class CheckpointFiles {
    private CheckpointFiles() {
    }

    /** A file of the official reference sets in the repository's {@code testdata/official}. */
    static Path fixtures(String relative) {
        return TestData.official().resolve(relative);
    }

    /** A zip checkpoint: {@code root/data.pkl}, {@code root/data/<key>} per storage and {@code root/version}. */
    static Path zip(Path file, String root, byte[] pickle, Map<String, byte[]> storages) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            entry(zip, root + "/data.pkl", pickle);
            for (Map.Entry<String, byte[]> storage : storages.entrySet()) {
                entry(zip, root + "/data/" + storage.getKey(), storage.getValue());
            }
            entry(zip, root + "/version", "3\n".getBytes());
        }
        return file;
    }

    /**
     * A legacy checkpoint holding float32 storages: magic number, protocol version and system info pickles, the
     * object pickle, the key list pickle, then each storage as an element count and its elements.
     */
    static Path legacy(Path file, byte[] objectPickle, Map<String, float[]> storages) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] magic = new BigInteger("1950a86a20f9469cfc6c", 16).toByteArray();
            PickleBytes magicPickle = PickleBytes.protocol2().op(0x8a, magic.length);
            for (int i = magic.length - 1; i >= 0; i--) {
                magicPickle.op(magic[i] & 0xff);
            }
            out.write(magicPickle.op('.').bytes());
            out.write(PickleBytes.protocol2().integer(1001).op('.').bytes());
            out.write(PickleBytes.protocol2().op('}').str("little_endian").op(0x88, 's', '.').bytes());
            out.write(objectPickle);
            PickleBytes keys = PickleBytes.protocol2().op(']', '(');
            storages.keySet().forEach(keys::str);
            out.write(keys.op('e', '.').bytes());
            for (float[] values : storages.values()) {
                ByteBuffer data = ByteBuffer.allocate(8 + 4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
                data.putLong(values.length).asFloatBuffer().put(values);
                out.write(data.array());
            }
        }
        return file;
    }

    /** The first {@code length} bytes of a file, as a truncated download would leave it. */
    static Path truncatedCopy(Path source, long length, Path target) throws IOException {
        try (InputStream in = Files.newInputStream(source)) {
            Files.write(target, in.readNBytes(Math.toIntExact(length)));
        }
        return target;
    }

    private static void entry(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }
}
