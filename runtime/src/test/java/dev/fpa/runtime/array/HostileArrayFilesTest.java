package dev.fpa.runtime.array;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fpa.runtime.testing.CostBound;
import dev.fpa.runtime.testing.HostileArrays;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** .npy and .npz files whose headers declare far more than they hold are refused at the cost of what they hold. */
class HostileArrayFilesTest {
    @TempDir
    Path dir;

    @Test
    void aShapeOfGigabytesInTwoKilobytesIsComparedWithTheFileBeforeAllocating() throws IOException {
        Path file = HostileArrays.npyWithHugeShape(dir.resolve("shape.npy"));
        IOException e = CostBound.refuses(IOException.class, () -> Npy.read(file));
        assertEquals(file + ": truncated: declares 2,048,000,000 bytes of array data but only 1,920 bytes are"
                + " present", e.getMessage());
    }

    @Test
    void fromAStreamOfUnknownLengthMemoryGrowsOnlyWithTheBytesRead() throws IOException {
        Path file = HostileArrays.npyWithHugeShape(dir.resolve("shape.npy"));
        try (InputStream in = Files.newInputStream(file)) {
            IOException e = CostBound.refuses(IOException.class, () -> Npy.read(in, "stream"));
            assertEquals("stream: truncated: declares 2,048,000,000 bytes of array data but only 1,920 bytes are"
                    + " present", e.getMessage());
        }
    }

    @Test
    void aHeaderLengthOfTwoGigabytesIsRefused() throws IOException {
        Path file = HostileArrays.npyWithHugeHeaderLength(dir.resolve("header.npy"));
        IOException e = CostBound.refuses(IOException.class, () -> Npy.read(file));
        assertEquals(file + ": .npy header length 2000000000 is implausible (numpy writes a few hundred bytes; at"
                + " most 1048576 are accepted)", e.getMessage());
    }

    @Test
    void shapesThatOverflowOrAreNegativeOrNotNumbersAreOneLine() throws IOException {
        Path overflow = HostileArrays.npyWithHeader(dir.resolve("overflow.npy"),
                "{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296), }", 64);
        assertEquals(overflow + ": .npy header declares more data than can be counted (4294967296, 4294967296)",
                CostBound.refuses(IOException.class, () -> Npy.read(overflow)).getMessage());
        Path negative = HostileArrays.npyWithHeader(dir.resolve("negative.npy"),
                "{'descr': '<f8', 'fortran_order': False, 'shape': (-1, 4), }", 64);
        assertEquals(negative + ": .npy shape (-1, 4) has a dimension that is not a whole number of at least 0: -1",
                CostBound.refuses(IOException.class, () -> Npy.read(negative)).getMessage());
        Path text = HostileArrays.npyWithHeader(dir.resolve("text.npy"),
                "{'descr': '<U2000000000', 'fortran_order': False, 'shape': (3,), }", 64);
        assertEquals(text + ": truncated: declares 24,000,000,000 bytes of text but only 64 bytes are present",
                CostBound.refuses(IOException.class, () -> Npy.read(text)).getMessage());
    }

    @Test
    void anNpzEntryDeclaringTwoGigabytesInTwoMegabytesIsRefusedStoredOrDeflated() throws IOException {
        Path stored = HostileArrays.npzWithHugeDeclaredSigma(dir.resolve("stored.npz"));
        assertEquals(stored + ":sigma.npy: truncated: declares 2,048,000,000 bytes of array data but only"
                + " 2,097,152 bytes are present", CostBound.refuses(IOException.class, () -> Npz.read(stored))
                .getMessage());
        Path deflated = HostileArrays.compressedNpzWithHugeDeclaredSigma(dir.resolve("deflated.npz"));
        assertEquals(deflated + ":sigma.npy: truncated: declares 2,048,000,000 bytes of array data but only"
                + " 2,097,152 bytes are present", CostBound.refuses(IOException.class, () -> Npz.read(deflated))
                .getMessage());
    }
}
