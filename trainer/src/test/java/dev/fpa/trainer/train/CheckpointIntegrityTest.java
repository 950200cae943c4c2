package dev.fpa.trainer.train;

import dev.fpa.trainer.checkpoint.Checkpoint;
import dev.fpa.trainer.checkpoint.CheckpointMeta;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fpa.runtime.array.NdArray;
import dev.fpa.trainer.imports.OfficialImporter;
import dev.fpa.trainer.testing.HostilePickles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** A damaged or dishonest fpa checkpoint is refused with the entry at fault, never loaded as weights. */
class CheckpointIntegrityTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void intactCheckpointReadsBack() throws IOException {
        Path file = write("intact.fpa");
        assertArrayEquals(new float[] {1, 2, 3, 4}, Checkpoint.read(file).section("G").get("w").toFloatArray());
    }

    @Test
    void flippedByteInATensorFailsItsCrc() throws IOException {
        Path file = write("last.fpa");
        String entry = HostilePickles.flipByteInTensor(file);

        String expected = file + ": entry " + entry + " is corrupt (CRC-32 mismatch)";
        assertEquals(expected, fails(() -> Checkpoint.read(file)).getMessage());
        // Commands that also take official checkpoints report the damage, not a second failed reading.
        assertEquals(expected, fails(() -> OfficialImporter.readEither(file, JSON.createObjectNode(),
                new ArrayList<>())).getMessage());
    }

    @Test
    void entryClaimingMoreBytesThanTheFileHoldsIsNotAllocated() throws IOException {
        Path file = write("huge.fpa");
        String entry = HostilePickles.declareSize(file, name -> name.endsWith(".npy"), Integer.MAX_VALUE - 16);
        assertEquals(file + ": entry " + entry + " is corrupt (it declares 2147483631 bytes in 2147483631 stored "
                + "bytes, which a " + file.toFile().length() + "-byte archive cannot hold)",
                fails(() -> Checkpoint.read(file)).getMessage());
    }

    private Path write(String name) throws IOException {
        CheckpointMeta meta = CheckpointMeta.imported("test", JSON.createObjectNode(), null, null);
        Path file = dir.resolve(name);
        new Checkpoint(meta, Map.of("G", Map.of("w", NdArray.of(new float[] {1, 2, 3, 4}, 2, 2)))).write(file);
        return file;
    }

    private static IOException fails(Executable read) {
        return assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThrows(IOException.class, read));
    }
}
