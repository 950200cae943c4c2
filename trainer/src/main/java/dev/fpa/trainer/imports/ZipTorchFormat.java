package dev.fpa.trainer.imports;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The zip checkpoint format of torch.save since PyTorch 1.6: entries under one top folder, {@code <root>/data.pkl}
 * for the object and {@code <root>/data/<key>} for the raw little-endian bytes of each storage.
 */
final class ZipTorchFormat {
    private static final String PICKLE_NAME = "data.pkl";
    private static final int BYTE_ORDER_LIMIT = 16;
    private static final Pattern PICKLE_PATH = Pattern.compile("[^/]+/" + Pattern.quote(PICKLE_NAME));

    private ZipTorchFormat() {
    }

    /** The checkpoint's top-level object, with tensors as arrays. */
    static Object read(Path file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry pickle = dataPickle(zip, file);
            String root = pickle.getName().substring(0, pickle.getName().length() - PICKLE_NAME.length());
            checkByteOrder(zip, root, file);
            Object unpickled;
            try (InputStream in = new BufferedInputStream(zip.getInputStream(pickle))) {
                String source = file + " (" + pickle.getName() + ")";
                unpickled = new RestrictedUnpickler(in, source, TorchGlobals.ALLOWED, StorageRef::fromPersistentId)
                        .load();
            }
            return TensorMaterializer.materialize(unpickled, file.toString(),
                    storage -> readEntry(zip, root + "data/" + storage.key(), storage.byteSize(), file));
        } catch (ZipException | EOFException e) {
            throw new IOException(file + ": corrupt or truncated torch zip checkpoint (" + e.getMessage() + ")", e);
        }
    }

    /** The one {@code <root>/data.pkl} entry; torch names the root folder after the file, so it is not known. */
    private static ZipEntry dataPickle(ZipFile zip, Path file) throws IOException {
        List<? extends ZipEntry> pickles = Collections.list(zip.entries()).stream()
                .filter(e -> PICKLE_PATH.matcher(e.getName()).matches())
                .toList();
        if (pickles.size() != 1) {
            throw new IOException(file + ": a torch zip checkpoint needs exactly one <folder>/" + PICKLE_NAME
                    + " entry, found " + pickles.size());
        }
        return pickles.get(0);
    }

    /** Since PyTorch 2.1 the archive records its byte order; older ones are always little-endian. */
    private static void checkByteOrder(ZipFile zip, String root, Path file) throws IOException {
        ZipEntry entry = zip.getEntry(root + "byteorder");
        if (entry != null) {
            byte[] text = readEntry(zip, entry.getName(), BYTE_ORDER_LIMIT, file);
            String order = new String(text, StandardCharsets.US_ASCII).strip();
            if (!order.equals("little")) {
                throw new IOException(file + ": storages are stored " + order
                        + "-endian; only little-endian is supported");
            }
        }
    }

    /** An entry's bytes, of which there may be at most {@code limit}: a deflated entry is not inflated further. */
    private static byte[] readEntry(ZipFile zip, String name, int limit, Path file) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new IOException(file + ": missing entry " + name);
        }
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] bytes = in.readNBytes(limit + 1);
            if (bytes.length > limit) {
                throw new IOException(file + ": entry " + name + " holds more than the " + limit + " bytes expected");
            }
            return bytes;
        }
    }
}
