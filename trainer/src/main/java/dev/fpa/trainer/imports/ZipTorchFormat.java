package dev.fpa.trainer.imports;

import dev.fpa.trainer.checkpoint.CheckedZip;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;

/**
 * The zip checkpoint format of torch.save since PyTorch 1.6: entries under one top folder, {@code <root>/data.pkl}
 * for the object and {@code <root>/data/<key>} for the raw little-endian bytes of each storage. Every entry is read
 * through {@link CheckedZip}, so its CRC-32 is verified and its size is checked before anything is allocated.
 */
final class ZipTorchFormat {
    private static final String PICKLE_NAME = "data.pkl";
    private static final int BYTE_ORDER_LIMIT = 16;
    private static final Pattern PICKLE_PATH = Pattern.compile("[^/]+/" + Pattern.quote(PICKLE_NAME));

    private ZipTorchFormat() {
    }

    /** The checkpoint's top-level object, with tensors as arrays. */
    static Object read(Path file) throws IOException {
        try (CheckedZip zip = open(file)) {
            ZipEntry pickle = dataPickle(zip, file);
            String root = pickle.getName().substring(0, pickle.getName().length() - PICKLE_NAME.length());
            checkByteOrder(zip, root, file);
            // Read whole first, so that a damaged pickle fails its CRC-32 rather than confuse the unpickler.
            byte[] bytes = zip.read(pickle, RestrictedUnpickler.MAX_PICKLE_BYTES);
            String source = file + " (" + pickle.getName() + ")";
            Object unpickled = new RestrictedUnpickler(new ByteArrayInputStream(bytes), source, TorchGlobals.ALLOWED,
                    StorageRef::fromPersistentId).load();
            return TensorMaterializer.materialize(unpickled, file.toString(),
                    storage -> readEntry(zip, root + "data/" + storage.key(), storage.byteSize(), file));
        }
    }

    private static CheckedZip open(Path file) throws IOException {
        try {
            return CheckedZip.open(file);
        } catch (ZipException e) {
            throw new IOException(file + ": corrupt or truncated torch zip checkpoint (" + e.getMessage() + ")", e);
        }
    }

    /** The one {@code <root>/data.pkl} entry; torch names the root folder after the file, so it is not known. */
    private static ZipEntry dataPickle(CheckedZip zip, Path file) throws IOException {
        List<? extends ZipEntry> pickles = zip.entries().stream()
                .filter(e -> PICKLE_PATH.matcher(e.getName()).matches())
                .toList();
        if (pickles.size() != 1) {
            throw new IOException(file + ": a torch zip checkpoint needs exactly one <folder>/" + PICKLE_NAME
                    + " entry, found " + pickles.size());
        }
        return pickles.get(0);
    }

    /** Since PyTorch 2.1 the archive records its byte order; older ones are always little-endian. */
    private static void checkByteOrder(CheckedZip zip, String root, Path file) throws IOException {
        if (zip.entry(root + "byteorder") != null) {
            byte[] text = readEntry(zip, root + "byteorder", BYTE_ORDER_LIMIT, file);
            String order = new String(text, StandardCharsets.US_ASCII).strip();
            if (!order.equals("little")) {
                throw new IOException(file + ": storages are stored " + order
                        + "-endian; only little-endian is supported");
            }
        }
    }

    /** An entry's bytes, of which there may be at most {@code limit}. */
    private static byte[] readEntry(CheckedZip zip, String name, int limit, Path file) throws IOException {
        ZipEntry entry = zip.entry(name);
        if (entry == null) {
            throw new IOException(file + ": missing entry " + name);
        }
        return zip.read(entry, limit);
    }
}
