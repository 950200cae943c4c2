package dev.fpa.trainer.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Pickles that would run code in Python are refused when the global is read, in both file formats. */
class UnsafePickleTest {
    /** {@code os.system('ls')} as Python's pickle protocol 2 writes it. */
    private static final byte[] OS_SYSTEM = PickleBytes.latin1(
            "\u0080\u0002cos\nsystem\nq\u0000X\u0002\u0000\u0000\u0000lsq\u0001\u0085q\u0002Rq\u0003.");

    @TempDir
    Path dir;

    @Test
    void zipWithOsSystemIsRefused() throws IOException {
        Path file = CheckpointFiles.zip(dir.resolve("evil.pt"), "x", OS_SYSTEM, Map.of());
        IOException e = assertThrows(IOException.class, () -> TorchCheckpoint.read(file));
        assertEquals(file + " (x/data.pkl): refused to load the global os.system (only the types a PyTorch "
                + "checkpoint needs are allowed) (pickle opcode at byte 2)", e.getMessage());
    }

    @Test
    void legacyFileWithOsSystemIsRefused() throws IOException {
        Path file = CheckpointFiles.legacy(dir.resolve("evil.pth"), OS_SYSTEM, Map.of());
        IOException e = assertThrows(IOException.class, () -> TorchCheckpoint.read(file));
        assertTrue(e.getMessage().startsWith(file + ": refused to load the global os.system"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"posix system", "builtins eval", "__builtin__ eval", "subprocess Popen",
        "torch.storage _load_from_bytes", "builtins set", "torch device", "collections defaultdict"})
    void globalsOutsideTheAllowListAreRefused(String global) throws IOException {
        String[] parts = global.split(" ");
        byte[] pickle = PickleBytes.protocol2().global(parts[0], parts[1]).op(')', 'R', '.').bytes();
        Path file = CheckpointFiles.zip(dir.resolve("evil.pt"), "x", pickle, Map.of());
        IOException e = assertThrows(IOException.class, () -> TorchCheckpoint.read(file));
        assertTrue(e.getMessage().contains("refused to load the global " + parts[0] + "." + parts[1]), e.getMessage());
    }

    @Test
    void stackGlobalIsCheckedToo() throws IOException {
        byte[] pickle = PickleBytes.latin1("\u0080\u0004\u008c\u0008builtins\u008c\u0004eval\u0093"
                + "\u008c\u00051+1\u0085R.");
        Path file = CheckpointFiles.zip(dir.resolve("evil.pt"), "x", pickle, Map.of());
        IOException e = assertThrows(IOException.class, () -> TorchCheckpoint.read(file));
        assertTrue(e.getMessage().contains("refused to load the global builtins.eval"), e.getMessage());
    }

    @Test
    void deeplyNestedValuesAreRefusedBeforeTheStackOverflows() throws IOException {
        int depth = 5000;
        byte[] pickle = PickleBytes.latin1("\u0080\u0002" + "]".repeat(depth) + "a".repeat(depth - 1) + ".");
        Path file = CheckpointFiles.zip(dir.resolve("deep.pt"), "x", pickle, Map.of());
        IOException e = assertThrows(IOException.class, () -> TorchCheckpoint.read(file));
        assertEquals(file + ": values are nested more than 1000 levels deep", e.getMessage());
    }

    @Test
    void allowedValuesThatAreNotFunctionsCannotBeCalled() throws IOException {
        byte[] pickle = PickleBytes.protocol2().global("torch", "FloatStorage").op(')', 'R', '.').bytes();
        Path file = CheckpointFiles.zip(dir.resolve("odd.pt"), "x", pickle, Map.of());
        IOException e = assertThrows(IOException.class, () -> TorchCheckpoint.read(file));
        assertTrue(e.getMessage().contains("cannot call torch.FloatStorage"), e.getMessage());
    }
}
