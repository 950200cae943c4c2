package dev.fpa.trainer.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Hostile and damaged checkpoint files, crafted byte by byte (no Python), for the tests of broken input: unit tests
 * read them directly, CLI tests pass them to {@code fpa import}, {@code fpa train --resume} and
 * {@code fpa generate --checkpoint}.
 *
 * <p>The pickles are written as torch zip checkpoints ({@code archive/data.pkl}), the layout {@code fpa import}
 * reads since PyTorch 1.6. Each method writes {@code file} and returns it.
 */
public final class HostilePickles {
    /** Levels of the memo tuple bomb: walked as a tree it has 2^50 leaves, in a pickle of 356 bytes. */
    public static final int BOMB_LEVELS = 50;
    /** Size of the MARK flood and of the endless line, as a user measured them. */
    public static final int FLOOD_BYTES = 3 << 20;
    /** Nesting of the deep storage argument: far beyond what Java's stack survives when walked recursively. */
    public static final int DEEP_LEVELS = 100_000;
    /** Elements of the expanded tensor: 2 GB of float32 copied from a single stored element. */
    public static final int EXPANDED_ELEMENTS = 500_000_000;

    private static final String ROOT = "archive";

    private HostilePickles() {
    }

    /**
     * A tuple of tuples, each level holding the previous one twice through the memo
     * ({@code BINGET 0; BINGET 0; TUPLE2; BINPUT 0}, {@value #BOMB_LEVELS} times).
     */
    public static Path memoTupleBomb(Path file) throws IOException {
        Pickle pickle = Pickle.protocol2().op(')', 'q', 0);
        for (int level = 0; level < BOMB_LEVELS; level++) {
            pickle.op('h', 0, 'h', 0, 0x86, 'q', 0);
        }
        return torchZip(file, pickle.op('.').bytes());
    }

    /** A {@value #FLOOD_BYTES}-byte pickle of MARK opcodes, then STOP. */
    public static Path markFlood(Path file) throws IOException {
        return torchZip(file, Pickle.protocol2().op(repeated('(', FLOOD_BYTES)).op('.').bytes());
    }

    /** An INT opcode whose text line holds {@value #FLOOD_BYTES} digits before its newline. */
    public static Path endlessLine(Path file) throws IOException {
        return torchZip(file, Pickle.protocol2().op('I').op(repeated('7', FLOOD_BYTES)).op('\n', '.').bytes());
    }

    /** {@code _rebuild_tensor_v2(L, 0, (1,), (1,))} where the storage argument L is {@code [(L,)]}. */
    public static Path cyclicStorageArgument(Path file) throws IOException {
        return torchZip(file, endRebuildTensor(cyclicList(startRebuildTensor())));
    }

    /** {@code _rebuild_tensor_v2(S, 0, (1,), (1,))} where S is an empty tuple in {@value #DEEP_LEVELS} 1-tuples. */
    public static Path deepStorageArgument(Path file) throws IOException {
        return torchZip(file, endRebuildTensor(deepTuple(startRebuildTensor())));
    }

    /** A persistent id (BINPERSID) that is the list {@code L = [(L,)]} instead of a storage reference. */
    public static Path cyclicPersistentId(Path file) throws IOException {
        return torchZip(file, cyclicList(Pickle.protocol2()).op('Q', '.').bytes());
    }

    /** A persistent id (BINPERSID) that is an empty tuple in {@value #DEEP_LEVELS} 1-tuples. */
    public static Path deepPersistentId(Path file) throws IOException {
        return torchZip(file, deepTuple(Pickle.protocol2()).op('Q', '.').bytes());
    }

    /**
     * One stored float viewed as {@value #EXPANDED_ELEMENTS} elements with stride 0, as torch's {@code expand()}
     * makes them: {@code _rebuild_tensor_v2(storage, 0, (N,), (0,))}.
     */
    public static Path expandedTensor(Path file) throws IOException {
        Pickle pickle = startRebuildTensor().op('(').str("storage").global("torch", "FloatStorage").str("0")
                .str("cpu").op('K', 1, 't', 'Q');
        pickle.op('K', 0, 'J').op(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(EXPANDED_ELEMENTS)
                .array());
        pickle.op(0x85, 'K', 0, 0x85, 't', 'R', '.');
        return torchZip(file, pickle.bytes(), Map.of("0", new byte[Float.BYTES]));
    }

    /**
     * Flips the last byte of the first {@code .npy} entry of an fpa checkpoint, which lies among the tensor's values,
     * not in its header.
     *
     * @return the name of the damaged entry
     */
    public static String flipByteInTensor(Path checkpoint) throws IOException {
        return flipLastByte(checkpoint, name -> name.endsWith(".npy"));
    }

    /**
     * Flips the last data byte of the first entry whose name passes {@code entryName}, leaving the archive's
     * directory and the entry's CRC-32 as they were, as a disk or transfer error would.
     *
     * @return the name of the damaged entry
     */
    public static String flipLastByte(Path zipFile, Predicate<String> entryName) throws IOException {
        byte[] zip = Files.readAllBytes(zipFile);
        ZipDirectoryEntry entry = ZipDirectoryEntry.find(zip, entryName, zipFile);
        zip[entry.data() + entry.compressedSize() - 1] ^= (byte) 0xff;
        Files.write(zipFile, zip);
        return entry.name();
    }

    /**
     * Makes the archive's directory claim that the first entry whose name passes {@code entryName} holds
     * {@code size} bytes, both stored and uncompressed, though its data stays as it was.
     *
     * @return the name of the entry
     */
    public static String declareSize(Path zipFile, Predicate<String> entryName, int size) throws IOException {
        byte[] zip = Files.readAllBytes(zipFile);
        ZipDirectoryEntry entry = ZipDirectoryEntry.find(zip, entryName, zipFile);
        ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN).putInt(entry.header() + 20, size)
                .putInt(entry.header() + 24, size);
        Files.write(zipFile, zip);
        return entry.name();
    }

    /** Pushes {@code L = [(L,)]}, memoized as 0. */
    private static Pickle cyclicList(Pickle pickle) {
        return pickle.op(']', 'q', 0, 'h', 0, 0x85, 'a');
    }

    /** Pushes an empty tuple wrapped in {@value #DEEP_LEVELS} 1-tuples. */
    private static Pickle deepTuple(Pickle pickle) {
        return pickle.op(')').op(repeated(0x85, DEEP_LEVELS));
    }

    /** {@code _rebuild_tensor_v2} and the MARK of its arguments, the first of which, the storage, comes next. */
    private static Pickle startRebuildTensor() {
        return Pickle.protocol2().global("torch._utils", "_rebuild_tensor_v2").op('(');
    }

    /** The other arguments (offset 0, size (1,), stride (1,)), the call and STOP. */
    private static byte[] endRebuildTensor(Pickle pickle) {
        return pickle.op('K', 0, 'K', 1, 0x85, 'K', 1, 0x85, 't', 'R', '.').bytes();
    }

    private static byte[] repeated(int opcode, int times) {
        byte[] bytes = new byte[times];
        Arrays.fill(bytes, (byte) opcode);
        return bytes;
    }

    private static Path torchZip(Path file, byte[] pickle) throws IOException {
        return torchZip(file, pickle, Map.of());
    }

    /** {@code archive/data.pkl}, {@code archive/data/<key>} per storage and {@code archive/version}. */
    private static Path torchZip(Path file, byte[] pickle, Map<String, byte[]> storages) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(ROOT + "/data.pkl"));
            zip.write(pickle);
            zip.closeEntry();
            for (Map.Entry<String, byte[]> storage : storages.entrySet()) {
                zip.putNextEntry(new ZipEntry(ROOT + "/data/" + storage.getKey()));
                zip.write(storage.getValue());
                zip.closeEntry();
            }
            zip.putNextEntry(new ZipEntry(ROOT + "/version"));
            zip.write("3\n".getBytes(StandardCharsets.US_ASCII));
            zip.closeEntry();
        }
        return file;
    }

    /** An entry as the ZIP's central directory records it, with where its data starts. */
    private record ZipDirectoryEntry(String name, int header, int data, int compressedSize) {
        /** The first entry whose name passes the test, in a ZIP without archive comment. */
        static ZipDirectoryEntry find(byte[] zip, Predicate<String> entryName, Path file) throws IOException {
            ByteBuffer bytes = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
            int end = zip.length - 22;
            if (bytes.getInt(end) != 0x06054b50) {
                throw new IOException(file + ": no ZIP end-of-directory record where expected");
            }
            int entries = bytes.getShort(end + 10) & 0xffff;
            int header = bytes.getInt(end + 16);
            // Directory headers: compressed size at 20, name, extra and comment lengths at 28, 30 and 32, the local
            // header's offset at 42, the name at 46. A local header has its name and extra lengths at 26 and 28.
            for (int i = 0; i < entries; i++) {
                int nameLength = bytes.getShort(header + 28) & 0xffff;
                String name = new String(zip, header + 46, nameLength, StandardCharsets.UTF_8);
                if (entryName.test(name)) {
                    int local = bytes.getInt(header + 42);
                    int data = local + 30 + (bytes.getShort(local + 26) & 0xffff)
                            + (bytes.getShort(local + 28) & 0xffff);
                    return new ZipDirectoryEntry(name, header, data, bytes.getInt(header + 20));
                }
                header += 46 + nameLength + (bytes.getShort(header + 30) & 0xffff)
                        + (bytes.getShort(header + 32) & 0xffff);
            }
            throw new IOException(file + ": no such entry");
        }
    }

    /** Opcode bytes in order. */
    private static final class Pickle {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        static Pickle protocol2() {
            return new Pickle().op(0x80, 2);
        }

        Pickle op(int... bytes) {
            for (int b : bytes) {
                out.write(b);
            }
            return this;
        }

        Pickle op(byte[] bytes) {
            out.writeBytes(bytes);
            return this;
        }

        Pickle global(String module, String name) {
            return op('c').op((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
        }

        /** SHORT_BINUNICODE. */
        Pickle str(String text) {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            return op(0x8c, utf8.length).op(utf8);
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
