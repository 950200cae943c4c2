package dev.fpa.trainer.imports;

import dev.fpa.runtime.array.NdArray;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the values an unpickled checkpoint holds into their public form: every tensor reference becomes an
 * {@link NdArray} gathered from its storage's bytes, and the containers around them are rebuilt.
 * This runs after the pickle, not during it, because a legacy file stores the bytes after the pickle.
 */
final class TensorMaterializer {

    /** Supplies the raw little-endian bytes of a storage. */
    @FunctionalInterface
    interface StorageReader {
        byte[] read(StorageRef storage) throws IOException;
    }

    // Checkpoints nest a handful of levels; the limit keeps a hostile file from overflowing the Java stack.
    private static final int MAX_DEPTH = 1000;

    private final String source;
    private final StorageReader reader;
    private final Map<String, byte[]> storageBytes = new HashMap<>();
    // By identity: what the pickle shares stays shared, and a list that contains itself does not loop forever.
    private final Map<Object, Object> converted = new IdentityHashMap<>();

    private TensorMaterializer(String source, StorageReader reader) {
        this.source = source;
        this.reader = reader;
    }

    /**
     * @param source names the file in error messages
     * @param reader called at most once per storage key, however many tensors share the storage
     */
    static Object materialize(Object unpickled, String source, StorageReader reader) throws IOException {
        return new TensorMaterializer(source, reader).convert(unpickled, 0);
    }

    private Object convert(Object value, int depth) throws IOException {
        Object done = converted.get(value);
        if (done != null) {
            return done;
        }
        if (depth > MAX_DEPTH) {
            throw new IOException(source + ": values are nested more than " + MAX_DEPTH + " levels deep");
        }
        if (value instanceof TensorRef tensor) {
            NdArray array = toArray(tensor);
            converted.put(value, array);
            return array;
        } else if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            converted.put(value, copy);
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                copy.put(entry.getKey(), convert(entry.getValue(), depth + 1));
            }
            return copy;
        } else if (value instanceof ArrayList<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            converted.put(value, copy);
            for (Object item : list) {
                copy.add(convert(item, depth + 1));
            }
            return copy;
        } else if (RestrictedUnpickler.isTuple(value)) {
            List<Object> items = new ArrayList<>();
            for (Object item : (List<?>) value) {
                items.add(convert(item, depth + 1));
            }
            return RestrictedUnpickler.tuple(items);
        } else if (isPlain(value)) {
            return value; // sets hold only scalars and flat tuples of them: nothing to convert inside
        }
        throw new IOException(source + ": the checkpoint holds " + value + ", which has no plain Java form");
    }

    private NdArray toArray(TensorRef tensor) throws IOException {
        StorageRef storage = tensor.storage();
        byte[] bytes = storageBytes.get(storage.key());
        if (bytes == null) {
            bytes = reader.read(storage);
            storageBytes.put(storage.key(), bytes);
        }
        if (bytes.length != storage.byteSize()) {
            throw new IOException(source + ": storage '" + storage.key() + "' has " + bytes.length + " bytes, but "
                    + storage.numel() + " elements of " + storage.type() + " need " + storage.byteSize());
        }
        try {
            return tensor.toArray(bytes);
        } catch (IOException e) {
            throw new IOException(source + ": " + e.getMessage(), e);
        }
    }

    private static boolean isPlain(Object value) {
        return value == null || value instanceof String || value instanceof Long || value instanceof BigInteger
                || value instanceof Double || value instanceof Boolean || value instanceof byte[]
                || value instanceof Set<?>;
    }
}
