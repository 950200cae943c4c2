package dev.fpa.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fpa.runtime.image.ImageData;
import dev.fpa.runtime.image.ImageEncoder;
import dev.fpa.runtime.image.SkippedFile;
import dev.fpa.runtime.testing.HostileImages;
import dev.fpa.runtime.testing.Unreadable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile images in a folder are passed over and named, at the cost of their headers. */
class ImageFolderStreamTest {
    private static final String OVER = " pixels exceeds the limit of 64 megapixels (raise it with --max-pixels)";

    @TempDir
    Path dir;

    @Test
    void imagesOverThePixelLimitArePassedOverAndNamed() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("set"));
        ImageEncoder.writePng(folder.resolve("a.png"), new ImageData(4, 4, 3, new byte[48]));
        Path png = HostileImages.pngWithHugeHeader(folder.resolve("b.png"), 100_000, 100_000);
        Path zeros = HostileImages.pngOfZeros(folder.resolve("c.png"), 40_000);
        Path jpeg = HostileImages.jpegWithHugeHeader(folder.resolve("d.jpg"), 65_000, 65_000);
        ImageFolderStream stream = ImageFolderStream.open(folder);
        int images = Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10), () -> drain(stream));
        assertEquals(1, images);
        assertEquals(List.of(new SkippedFile(png.toString(), "100000×100000" + OVER),
                new SkippedFile(zeros.toString(), "40000×40000" + OVER),
                new SkippedFile(jpeg.toString(), "65000×65000" + OVER)), stream.skipped());
    }

    @Test
    void aFolderOfOnlyHostileImagesIsAnErrorNamingTheFirst() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("set"));
        Path png = HostileImages.pngWithHugeHeader(folder.resolve("b.png"), 100_000, 100_000);
        ImageFolderStream stream = ImageFolderStream.open(folder);
        IOException e = assertThrows(IOException.class, () -> drain(stream));
        assertEquals(folder + ": none of the 1 images could be read (1 skipped, first: " + png + ": 100000×100000"
                + OVER + ")", e.getMessage());
    }

    @Test
    void unreadableFilesAndSubFoldersArePassedOverAndNamed() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("set"));
        ImageEncoder.writePng(folder.resolve("a.png"), new ImageData(4, 4, 3, new byte[48]));
        Path secret = Files.copy(folder.resolve("a.png"), folder.resolve("b.png"));
        Path locked = Files.createDirectories(folder.resolve("c"));
        Files.copy(folder.resolve("a.png"), locked.resolve("d.png"));
        Unreadable.during(() -> {
            ImageFolderStream stream = ImageFolderStream.open(folder);
            assertEquals(1, drain(stream));
            assertEquals(List.of(new SkippedFile(secret.toString(), "permission denied"),
                    new SkippedFile(locked.toString(), "cannot be listed (permission denied)")), stream.skipped());
        }, secret, locked);
    }

    private static int drain(ImageStream stream) throws IOException {
        int n = 0;
        for (ImageBatch b = stream.next(8); b != null; b = stream.next(8)) {
            n += b.count();
        }
        return n;
    }
}
