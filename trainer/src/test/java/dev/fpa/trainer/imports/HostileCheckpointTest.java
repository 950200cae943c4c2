package dev.fpa.trainer.imports;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fpa.runtime.array.NdArray;
import dev.fpa.trainer.testing.HostilePickles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingSupplier;
import org.junit.jupiter.api.io.TempDir;

/**
 * Small hostile torch checkpoints end quickly in one clear line: no exponential walk, no runaway allocation, no
 * stack overflow. The timeout is a bound on a file of a few kilobytes, not a benchmark.
 */
class HostileCheckpointTest {
    private static final Duration QUICKLY = Duration.ofSeconds(10);
    private static final String EXPECTED_ID = " (expected ('storage', type, key, location, numel))";

    @TempDir
    Path dir;

    @Test
    void memoTupleBombStaysSharedAndImportFailsQuickly() throws IOException {
        Path file = HostilePickles.memoTupleBomb(dir.resolve("bomb.pt"));

        Object root = quickly(() -> TorchCheckpoint.read(file)).root();
        for (int level = HostilePickles.BOMB_LEVELS; level > 0; level--) {
            List<?> tuple = (List<?>) root;
            assertSame(tuple.get(0), tuple.get(1), "level " + level + " holds its memoized level twice, not copies");
            root = tuple.get(0);
        }
        IOException e = assertFails(() -> OfficialImporter.convert(file, new ObjectMapper().createObjectNode()));
        assertEquals(file + ": the checkpoint root is not a dict", e.getMessage());
    }

    @Test
    void markFloodStopsAtTheMarkLimit() throws IOException {
        Path file = HostilePickles.markFlood(dir.resolve("flood.pt"));
        assertEquals(file + " (archive/data.pkl): MARK nesting exceeds the limit of 1000 levels "
                + "(pickle opcode at byte 1002)", readFails(file).getMessage());
    }

    @Test
    void endlessLineStopsAtTheLineLimit() throws IOException {
        Path file = HostilePickles.endlessLine(dir.resolve("line.pt"));
        assertEquals(file + " (archive/data.pkl): text line exceeds the limit of 65536 bytes "
                + "(pickle opcode at byte 2)", readFails(file).getMessage());
    }

    @Test
    void cyclicStorageArgumentIsRefusedWithoutOverflowingTheStack() throws IOException {
        Path file = HostilePickles.cyclicStorageArgument(dir.resolve("cyclic.pt"));
        assertEquals(file + " (archive/data.pkl): a tensor's storage must be a persistent storage reference, got "
                + "[[[<cycle>]]] (pickle opcode at byte 52)", readFails(file).getMessage());
    }

    @Test
    void deepStorageArgumentIsRefusedWithoutOverflowingTheStack() throws IOException {
        Path file = HostilePickles.deepStorageArgument(dir.resolve("deep.pt"));
        assertEquals(file + " (archive/data.pkl): a tensor's storage must be a persistent storage reference, got "
                + "[[[[[...]]]]] (pickle opcode at byte 100046)", readFails(file).getMessage());
    }

    @Test
    void cyclicPersistentIdIsRefusedWithoutOverflowingTheStack() throws IOException {
        Path file = HostilePickles.cyclicPersistentId(dir.resolve("cyclic-id.pt"));
        assertEquals(file + " (archive/data.pkl): unsupported persistent id [[[<cycle>]]]" + EXPECTED_ID
                + " (pickle opcode at byte 9)", readFails(file).getMessage());
    }

    @Test
    void deepPersistentIdIsRefusedWithoutOverflowingTheStack() throws IOException {
        Path file = HostilePickles.deepPersistentId(dir.resolve("deep-id.pt"));
        assertEquals(file + " (archive/data.pkl): unsupported persistent id [[[[[...]]]]]" + EXPECTED_ID
                + " (pickle opcode at byte 100003)", readFails(file).getMessage());
    }

    @Test
    void listContainingItselfIsRefused() throws IOException {
        byte[] pickle = PickleBytes.protocol2().op(']', 'q', 0, 'h', 0, 'a', '.').bytes();
        Path file = CheckpointFiles.zip(dir.resolve("self.pt"), "x", pickle, Map.of());
        assertEquals(file + ": the checkpoint holds a list or tuple that contains itself, [[<cycle>]]",
                readFails(file).getMessage());
    }

    @Test
    void hugeExpandedViewOfOneElementIsNotCopied() throws IOException {
        Path file = HostilePickles.expandedTensor(dir.resolve("expanded.pt"));
        assertEquals(file + ": tensor views copy 2000000000 bytes out of storages of 4 bytes, which exceeds the limit "
                + "of 268435456 bytes beyond the stored data (tensor of size [500000000] in storage '0')",
                readFails(file).getMessage());
    }

    @Test
    void smallExpandedViewsStillLoad() throws IOException {
        PickleBytes pickle = PickleBytes.protocol2().tensor("FloatStorage", "0", 1, 0, new long[] {3}, new long[] {0});
        Path file = CheckpointFiles.zip(dir.resolve("expand.pt"), "x", pickle.op('.').bytes(),
                Map.of("0", new byte[] {0, 0, (byte) 0x80, 0x3f}));
        NdArray ones = (NdArray) TorchCheckpoint.read(file).root();
        assertArrayEquals(new float[] {1, 1, 1}, ones.toFloatArray());
    }

    @Test
    void pickleEntryLargerThanThePickleLimitIsNotRead() throws IOException {
        Path file = dir.resolve("huge.pt");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("x/data.pkl"));
            zip.write(new byte[(int) RestrictedUnpickler.MAX_PICKLE_BYTES + 1]);
        }
        assertEquals(file + ": entry x/data.pkl holds more than the 67108864 bytes expected",
                readFails(file).getMessage());
    }

    @Test
    void damagedStorageEntryFailsItsCrc() throws IOException {
        PickleBytes pickle = PickleBytes.protocol2().tensor("FloatStorage", "0", 4, 0, new long[] {4}, new long[] {1});
        Path file = CheckpointFiles.zip(dir.resolve("damaged.pt"), "x", pickle.op('.').bytes(),
                Map.of("0", new byte[16]));
        String entry = HostilePickles.flipLastByte(file, name -> name.equals("x/data/0"));
        String message = readFails(file).getMessage();
        // A flipped byte of deflated data fails either the inflater or the CRC-32.
        assertTrue(message.startsWith(file + ": entry " + entry + " is corrupt ("), message);
    }

    private static IOException readFails(Path file) {
        return assertFails(() -> TorchCheckpoint.read(file));
    }

    private static IOException assertFails(ThrowingSupplier<?> read) {
        IOException e = quickly(() -> assertThrows(IOException.class, read::get));
        assertTrue(e.getMessage().lines().count() == 1, e.getMessage());
        return e;
    }

    private static <T> T quickly(ThrowingSupplier<T> action) {
        return assertTimeoutPreemptively(QUICKLY, action);
    }
}
