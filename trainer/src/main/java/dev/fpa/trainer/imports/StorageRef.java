package dev.fpa.trainer.imports;

import java.io.IOException;
import java.util.List;

/**
 * A storage as a checkpoint pickle refers to it: its type, the key its bytes are filed under, and its element count.
 * The bytes themselves live outside the pickle (a zip entry, or the tail of a legacy file).
 */
record StorageRef(StorageType type, String key, long numel) {
    /** The largest byte array the JVM reliably allocates. */
    static final int MAX_BYTES = Integer.MAX_VALUE - 8;

    /**
     * Reads a persistent id: {@code ('storage', type, key, location, numel)} in zip files, with a sixth element,
     * the view metadata, in legacy files. The location is ignored because everything loads to the CPU.
     */
    static StorageRef fromPersistentId(Object pid) throws IOException {
        if (!(pid instanceof List<?> id) || id.size() < 5 || id.size() > 6 || !"storage".equals(id.get(0))) {
            throw new IOException("unsupported persistent id " + ValueText.of(pid)
                    + " (expected ('storage', type, key, location, numel))");
        }
        if (!(id.get(1) instanceof StorageType type)) {
            throw new IOException("persistent id " + ValueText.of(pid) + " names no supported storage type");
        }
        if (!(id.get(2) instanceof String key) || !(id.get(4) instanceof Long numel) || numel < 0) {
            throw new IOException("persistent id " + ValueText.of(pid)
                    + " needs a string key and a non-negative element count");
        }
        if (id.size() == 6 && id.get(5) != null) {
            // Legacy files use view metadata only for storage views, which torch itself stopped writing long ago.
            throw new IOException("storage '" + key + "' is a view of another storage, which is not supported");
        }
        if (numel > MAX_BYTES / type.elementSize()) {
            throw new IOException("storage '" + key + "' holds " + numel + " elements, more than one Java array can");
        }
        return new StorageRef(type, key, numel);
    }

    /** The byte length of the storage in the file. */
    int byteSize() {
        return (int) numel * type.elementSize();
    }
}
