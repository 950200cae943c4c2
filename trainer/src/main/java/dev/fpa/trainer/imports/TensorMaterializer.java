package dev.fpa.trainer.imports;

import dev.fpa.runtime.array.NdArray;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
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
    /**
     * How many bytes the views that copy (slices, strided or expanded views) may copy beyond the bytes of the
     * storages read. Views that do not overlap never copy more than their storages hold; overlapping ones, such as a
     * huge expanded view of one element, would otherwise let a tiny file fill the memory.
     */
    private static final long MAX_VIEW_BYTES_BEYOND_STORAGES = 256L << 20;

    private final String source;
    private final StorageReader reader;
    private final Map<String, byte[]> storageBytes = new HashMap<>();
    private long storageBytesRead;
    private long viewBytesCopied;
    // By identity: what the pickle shares is converted once and stays shared, so values that share one another
    // through the memo cost their number, not the size of the tree they unfold to.
    private final Map<Object, Object> converted = new IdentityHashMap<>();
    // The containers being converted, by identity: meeting one again inside itself is a cycle.
    private final Set<Object> open = Collections.newSetFromMap(new IdentityHashMap<>());

    private TensorMaterializer(String source, StorageReader reader) {
        this.source = source;
        this.reader = reader;
    }

    /**
     * @param source names the file in error messages
     * @param reader called at most once per storage key, however many tensors share the storage
     * @throws IOException also for values nested too deeply or containing themselves: walking them (even printing
     *                     them) would overflow the stack, and no checkpoint of weights holds one
     */
    static Object materialize(Object unpickled, String source, StorageReader reader) throws IOException {
        return new TensorMaterializer(source, reader).convert(unpickled, 0);
    }

    private Object convert(Object value, int depth) throws IOException {
        Object done = converted.get(value);
        if (done != null) {
            return done;
        }
        if (value instanceof TensorRef tensor) {
            return remember(value, toArray(tensor));
        } else if (value instanceof Map<?, ?> || value instanceof List<?>) {
            if (depth > MAX_DEPTH) {
                throw new IOException(source + ": values are nested more than " + MAX_DEPTH + " levels deep");
            }
            if (!open.add(value)) {
                throw new IOException(source + ": the checkpoint holds a " + (value instanceof Map<?, ?> ? "dict"
                        : "list or tuple") + " that contains itself, " + ValueText.of(value));
            }
            Object copy = convertContainer(value, depth);
            open.remove(value);
            return remember(value, copy);
        } else if (isPlain(value)) {
            return value; // sets hold only scalars and flat tuples of them: nothing to convert inside
        }
        throw new IOException(source + ": the checkpoint holds " + ValueText.of(value)
                + ", which has no plain Java form");
    }

    private Object convertContainer(Object container, int depth) throws IOException {
        if (container instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                copy.put(entry.getKey(), convert(entry.getValue(), depth + 1));
            }
            return copy;
        }
        List<?> list = (List<?>) container;
        List<Object> items = new ArrayList<>(list.size());
        for (Object item : list) {
            items.add(convert(item, depth + 1));
        }
        return RestrictedUnpickler.isTuple(list) ? RestrictedUnpickler.tuple(items) : items;
    }

    private Object remember(Object value, Object conversion) {
        converted.put(value, conversion);
        return conversion;
    }

    private NdArray toArray(TensorRef tensor) throws IOException {
        StorageRef storage = tensor.storage();
        byte[] bytes = storageBytes.get(storage.key());
        if (bytes == null) {
            bytes = reader.read(storage);
            storageBytes.put(storage.key(), bytes);
            storageBytesRead += bytes.length;
        }
        if (bytes.length != storage.byteSize()) {
            throw new IOException(source + ": storage '" + storage.key() + "' has " + bytes.length + " bytes, but "
                    + storage.numel() + " elements of " + storage.type() + " need " + storage.byteSize());
        }
        try {
            if (!tensor.isWholeStorage()) {
                viewBytesCopied += tensor.elementCount() * storage.type().elementSize();
                if (viewBytesCopied > storageBytesRead + MAX_VIEW_BYTES_BEYOND_STORAGES) {
                    throw new IOException("tensor views copy " + viewBytesCopied + " bytes out of storages of "
                            + storageBytesRead + " bytes, which exceeds the limit of " + MAX_VIEW_BYTES_BEYOND_STORAGES
                            + " bytes beyond the stored data (" + tensor + ")");
                }
            }
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
