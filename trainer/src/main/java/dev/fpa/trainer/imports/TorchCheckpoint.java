package dev.fpa.trainer.imports;

import dev.fpa.runtime.array.NdArray;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A PyTorch {@code torch.save} file read without Python and without running anything from it.
 *
 * <p>Both formats are read, told apart by content: the zip format of PyTorch 1.6 and later, and the older stream of
 * pickles. The pickle is read by {@link RestrictedUnpickler}, which accepts only the globals a checkpoint needs
 * (OrderedDict, tensor rebuild functions, typed storages) and refuses any other, such as {@code os.system}.
 * Written by hand because no Java library reads torch.save files safely.
 *
 * <p>The unpickled object is made of plain Java values: dicts become {@code LinkedHashMap}s in file order, lists
 * {@code ArrayList}s, tuples unmodifiable {@code List}s, ints {@code Long} (or {@code BigInteger}), floats
 * {@code Double}, str {@code String}, bytes {@code byte[]}, None {@code null}, bools {@code Boolean}, and tensors
 * C-order {@link NdArray}s: float16 widens exactly to FLOAT32, bool and uint8 load as UINT8. Tensors that share a
 * storage come out as separate arrays with the same values.
 */
public final class TorchCheckpoint {
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
    private static final int PICKLE_PROTO = 0x80;

    private final Path file;
    private final Object root;

    private TorchCheckpoint(Path file, Object root) {
        this.file = file;
        this.root = root;
    }

    /** Reads a checkpoint in either format. Errors are IOExceptions whose message names the file. */
    public static TorchCheckpoint read(Path file) throws IOException {
        byte[] start;
        try (InputStream in = Files.newInputStream(file)) {
            start = in.readNBytes(ZIP_MAGIC.length);
        }
        if (Arrays.equals(start, ZIP_MAGIC)) {
            return new TorchCheckpoint(file, ZipTorchFormat.read(file));
        }
        if (start.length > 0 && (start[0] & 0xff) == PICKLE_PROTO) {
            return new TorchCheckpoint(file, LegacyTorchFormat.read(file));
        }
        throw new IOException(file + ": not a torch.save file (neither a zip archive nor a pickle stream)");
    }

    /** The unpickled top-level object (for training checkpoints, a dict). */
    public Object root() {
        return root;
    }

    /**
     * The tensors of the dict at {@code root[path[0]][path[1]]...} (the root itself without a path), by name in file
     * order. Entries that are not tensors, or whose keys are not strings, are skipped.
     *
     * @throws IOException if a key on the path is missing or leads to something other than a dict
     */
    public Map<String, NdArray> stateDict(String... path) throws IOException {
        Object node = root;
        for (int i = 0; i < path.length; i++) {
            Map<?, ?> dict = dictAt(node, path, i);
            if (!dict.containsKey(path[i])) {
                throw new IOException(file + ": " + describe(path, i) + " has no key '" + path[i] + "'");
            }
            node = dict.get(path[i]);
        }
        Map<String, NdArray> tensors = new LinkedHashMap<>();
        dictAt(node, path, path.length).forEach((key, value) -> {
            if (key instanceof String name && value instanceof NdArray tensor) {
                tensors.put(name, tensor);
            }
        });
        return Collections.unmodifiableMap(tensors);
    }

    public Path file() {
        return file;
    }

    /** The node reached by the first {@code depth} keys of the path, which must be a dict. */
    private Map<?, ?> dictAt(Object node, String[] path, int depth) throws IOException {
        if (node instanceof Map<?, ?> dict) {
            return dict;
        }
        throw new IOException(file + ": " + describe(path, depth) + " is not a dict");
    }

    private static String describe(String[] path, int length) {
        StringBuilder text = new StringBuilder("the checkpoint root");
        for (int i = 0; i < length; i++) {
            text.append("['").append(path[i]).append("']");
        }
        return text.toString();
    }
}
