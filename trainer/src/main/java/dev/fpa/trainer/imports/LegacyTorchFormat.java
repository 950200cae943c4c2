package dev.fpa.trainer.imports;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The checkpoint format of torch.save before PyTorch 1.6: one stream of pickles (magic number, protocol version,
 * system info, the object, the list of storage keys), then each listed storage as an int64 little-endian element
 * count followed by its raw little-endian elements.
 */
final class LegacyTorchFormat {
    private static final BigInteger MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    private static final long PROTOCOL_VERSION = 1001;

    private LegacyTorchFormat() {
    }

    /** The checkpoint's top-level object, with tensors as arrays. */
    static Object read(Path file) throws IOException {
        String source = file.toString();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            // The storage list gives only keys: their types and sizes come from the object pickle's references.
            Map<String, StorageRef> referenced = new HashMap<>();
            RestrictedUnpickler pickles = new RestrictedUnpickler(in, source, TorchGlobals.ALLOWED,
                    pid -> remember(referenced, StorageRef.fromPersistentId(pid)));
            if (!MAGIC.equals(pickles.load())) {
                throw new IOException(source + ": not a torch.save file (wrong magic number)");
            }
            Object version = pickles.load();
            if (!Long.valueOf(PROTOCOL_VERSION).equals(version)) {
                throw new IOException(source + ": unsupported legacy torch.save protocol version "
                        + ValueText.of(version));
            }
            if (!(pickles.load() instanceof Map<?, ?> sysInfo) || !Boolean.TRUE.equals(sysInfo.get("little_endian"))) {
                throw new IOException(source + ": only checkpoints written on little-endian machines are supported");
            }
            Object unpickled = pickles.load();
            Map<String, byte[]> storages = new HashMap<>();
            for (String key : storageKeys(pickles.load(), source)) {
                StorageRef storage = referenced.get(key);
                if (storage == null) {
                    throw new IOException(source + ": storage '" + key + "' is listed but no tensor uses it");
                }
                storages.put(key, readStorage(in, storage, source));
            }
            return TensorMaterializer.materialize(unpickled, source, storage -> {
                byte[] bytes = storages.get(storage.key());
                if (bytes == null) {
                    throw new IOException(source + ": storage '" + storage.key() + "' is used but not stored");
                }
                return bytes;
            });
        }
    }

    private static StorageRef remember(Map<String, StorageRef> referenced, StorageRef storage) throws IOException {
        StorageRef earlier = referenced.putIfAbsent(storage.key(), storage);
        if (earlier != null && !earlier.equals(storage)) {
            throw new IOException("storage '" + storage.key() + "' is referenced as both " + earlier + " and "
                    + storage);
        }
        return storage;
    }

    private static List<String> storageKeys(Object keys, String source) throws IOException {
        if (keys instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            return list.stream().map(String.class::cast).toList();
        }
        throw new IOException(source + ": the storage key list is not a list of strings");
    }

    private static byte[] readStorage(InputStream in, StorageRef storage, String source) throws IOException {
        byte[] header = readFully(in, Long.BYTES, storage, source);
        long count = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (count != storage.numel()) {
            throw new IOException(source + ": storage '" + storage.key() + "' holds " + count
                    + " elements, but its tensors expect " + storage.numel());
        }
        return readFully(in, storage.byteSize(), storage, source);
    }

    private static byte[] readFully(InputStream in, int length, StorageRef storage, String source) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new IOException(source + ": truncated, the file ends inside storage '" + storage.key() + "'");
        }
        return bytes;
    }
}
