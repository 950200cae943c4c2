package dev.fpa.runtime.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fpa.runtime.testing.CostBound;
import dev.fpa.runtime.testing.HostileImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Images whose headers claim more than should be decoded are refused from the header, in milliseconds. */
class HostileImageFilesTest {
    @TempDir
    Path dir;

    @Test
    void aPngOf74BytesClaiming100000By100000PixelsIsRefusedFromItsHeader() throws IOException {
        Path file = HostileImages.pngWithHugeHeader(dir.resolve("huge.png"), 100_000, 100_000);
        assertEquals(file + ": 100000×100000 pixels exceeds the limit of 64 megapixels (raise it with --max-pixels)",
                CostBound.refuses(IOException.class, () -> ImageDecoder.read(file)).getMessage());
    }

    @Test
    void aValidPngOf40000By40000ZerosIsRefusedWithoutInflatingIt() throws IOException {
        Path file = HostileImages.pngOfZeros(dir.resolve("zeros.png"), 40_000);
        assertEquals(file + ": 40000×40000 pixels exceeds the limit of 64 megapixels (raise it with --max-pixels)",
                CostBound.refuses(IOException.class, () -> ImageDecoder.read(file)).getMessage());
        byte[] bytes = Files.readAllBytes(file);
        assertEquals("40000×40000 pixels exceeds the limit of 64 megapixels (raise it with --max-pixels)",
                CostBound.refuses(IOException.class, () -> ImageDecoder.decode(bytes)).getMessage());
    }

    @Test
    void aJpegClaiming65000By65000PixelsIsRefusedFromItsStartOfFrame() throws IOException {
        Path file = HostileImages.jpegWithHugeHeader(dir.resolve("huge.jpg"), 65_000, 65_000);
        assertEquals(file + ": 65000×65000 pixels exceeds the limit of 64 megapixels (raise it with --max-pixels)",
                CostBound.refuses(IOException.class, () -> ImageDecoder.read(file)).getMessage());
    }

    @Test
    void theLimitCanBeRaisedOrLowered() throws IOException {
        Path file = HostileImages.pngOfZeros(dir.resolve("zeros.png"), 2000);
        assertEquals(file + ": 2000×2000 pixels exceeds the limit of 1 megapixel (raise it with --max-pixels)",
                CostBound.refuses(IOException.class, () -> ImageDecoder.read(file, PixelLimit.megapixels(1)))
                        .getMessage());
        assertEquals(file + ": 2000×2000 pixels exceeds the limit of 3,999,999 pixels (raise it with --max-pixels)",
                CostBound.refuses(IOException.class, () -> ImageDecoder.read(file, new PixelLimit(3_999_999)))
                        .getMessage());
        ImageData image = ImageDecoder.read(file, new PixelLimit(4_000_000));
        assertEquals(2000, image.width());
        assertEquals(1, image.channels());
        assertThrows(IllegalArgumentException.class, () -> PixelLimit.megapixels(537));
        assertThrows(IllegalArgumentException.class, () -> new PixelLimit(0));
    }

    @Test
    void aChunkClaimingAGigabyteIsRefusedBeforeTheDecoderAllocatesIt() throws IOException {
        Path file = HostileImages.pngWithHugeChunk(dir.resolve("chunk.png"));
        assertEquals(file + ": cannot decode image (a PNG chunk declares 1,000,000,000 bytes but only 30 follow)",
                CostBound.refuses(IOException.class, () -> ImageDecoder.read(file)).getMessage());
    }

    @Test
    void aFileFarLargerThanItsPixelsCanNeedIsNotRead() throws IOException {
        Path file = HostileImages.pngPaddedTo(dir.resolve("padded.png"), 40L << 20);
        assertEquals(file + ": 41,943,040 bytes is more than an image of 1×1 pixels can need (16,777,225 bytes);"
                + " not read", CostBound.refuses(IOException.class, () -> ImageDecoder.read(file)).getMessage());
    }

    @Test
    void missingFilesAndFilesOfOtherKindsAreOneLine() throws IOException {
        Path missing = dir.resolve("missing.png");
        assertEquals(missing + ": no such file or folder",
                assertThrows(IOException.class, () -> ImageDecoder.read(missing)).getMessage());
        Path text = Files.writeString(dir.resolve("notes.png"), "not an image at all");
        assertEquals(text + ": cannot decode image (not a PNG or JPEG file)",
                assertThrows(IOException.class, () -> ImageDecoder.read(text)).getMessage());
    }
}
