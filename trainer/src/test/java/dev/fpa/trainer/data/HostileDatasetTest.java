package dev.fpa.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.fpa.runtime.image.ImageData;
import dev.fpa.runtime.image.ImageEncoder;
import dev.fpa.runtime.image.PixelLimit;
import dev.fpa.runtime.image.SkippedFile;
import dev.fpa.runtime.progress.ProgressListener;
import dev.fpa.runtime.testing.CostBound;
import dev.fpa.runtime.testing.HostileArrays;
import dev.fpa.runtime.testing.HostileImages;
import dev.fpa.runtime.testing.Unreadable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Datasets with files whose headers claim far more than they hold, and parts that cannot be read: IDX files are
 * refused at the cost of their bytes; images over the pixel limit and unreadable files and folders are skipped,
 * counted and named as corrupt images are.
 */
class HostileDatasetTest {
    private static final String OVER = " pixels exceeds the limit of 64 megapixels (raise it with --max-pixels)";

    @TempDir
    Path dir;

    @Test
    void anIdxFileDeclaringTwoBillionImagesIsRefusedAtTheCostOfItsBytes() throws IOException {
        Path file = HostileArrays.idxImagesWithHugeCount(dir.resolve("train-images-idx3-ubyte"));
        assertEquals(file + ": truncated: declares 2,000,000,000 bytes of 2000000000 images of 1x1 pixels but only 16"
                + " bytes are present", CostBound.refuses(IOException.class, () -> DatasetLoader.load(dir,
                        new DatasetOptions(32, 1, null, "train", null), ProgressListener.NONE)).getMessage());
    }

    @Test
    void aGzippedIdxLabelFileDeclaringTwoBillionLabelsIsRefusedAtTheCostOfItsBytes() throws IOException {
        Path file = HostileArrays.idxLabelsWithHugeCount(dir.resolve("train-labels-idx1-ubyte.gz"));
        assertEquals(file + ": truncated: declares 2,000,000,000 bytes of 2000000000 labels but only 16 bytes are"
                + " present", CostBound.refuses(IOException.class, () -> IdxLabels.read(dir, "train")).getMessage());
    }

    @Test
    void imagesOverThePixelLimitAreSkippedAndNamedLikeCorruptOnes() throws IOException {
        Path data = Files.createDirectories(dir.resolve("set"));
        ImageEncoder.writePng(data.resolve("a.png"), new ImageData(8, 8, 3, new byte[192]));
        Path png = HostileImages.pngWithHugeHeader(data.resolve("b.png"), 100_000, 100_000);
        Path zeros = HostileImages.pngOfZeros(data.resolve("c.png"), 40_000);
        Path jpeg = HostileImages.jpegWithHugeHeader(data.resolve("d.jpg"), 65_000, 65_000);
        Path broken = Files.write(data.resolve("e.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3, 4, 5});
        List<SkippedFile> expected = List.of(new SkippedFile(png.toString(), "100000×100000" + OVER),
                new SkippedFile(zeros.toString(), "40000×40000" + OVER),
                new SkippedFile(jpeg.toString(), "65000×65000" + OVER),
                new SkippedFile(broken.toString(), "cannot decode image (damaged PNG signature)"));

        DatasetInspector.Summary summary = assertTimeoutPreemptively(CostBound.TIME, () -> DatasetInspector.inspect(
                DatasetLoader.openSource(data, "train", PixelLimit.DEFAULT), ProgressListener.NONE));
        assertEquals(5, summary.total());
        assertEquals(1, summary.readable());
        assertEquals(expected, summary.skipped());

        PreparedDataset prepared = assertTimeoutPreemptively(CostBound.TIME, () -> DatasetLoader.load(data,
                new DatasetOptions(8, 3, null, "train", null), ProgressListener.NONE));
        assertEquals(1, prepared.count());
        assertEquals(expected, prepared.skipped());
    }

    @Test
    void aFolderOfOnlyHostileImagesIsAnErrorNamingTheFirst() throws IOException {
        Path data = Files.createDirectories(dir.resolve("set"));
        Path png = HostileImages.pngWithHugeHeader(data.resolve("b.png"), 100_000, 100_000);
        IOException e = assertThrows(IOException.class, () -> DatasetLoader.load(data,
                new DatasetOptions(8, 3, null, "train", null), ProgressListener.NONE));
        assertEquals(data + ": none of the 1 images could be read (1 skipped, first: " + png + ": 100000×100000"
                + OVER + ")", e.getMessage());
    }

    @Test
    void theCacheIsRebuiltWhenThePixelLimitChanges() throws IOException {
        Path data = Files.createDirectories(dir.resolve("set"));
        ImageEncoder.writePng(data.resolve("a.png"), new ImageData(8, 8, 3, new byte[192]));
        assertNotEquals(new ImageFolderSource(data, PixelLimit.DEFAULT).fingerprint(),
                new ImageFolderSource(data, PixelLimit.megapixels(1)).fingerprint());
    }

    @Test
    void unreadableFilesAndFoldersAreSkippedCountedAndNamed() throws IOException {
        Path data = Files.createDirectories(dir.resolve("set"));
        ImageEncoder.writePng(data.resolve("a.png"), new ImageData(8, 8, 3, new byte[192]));
        Path secret = Files.copy(data.resolve("a.png"), data.resolve("secret.png"));
        Path locked = Files.createDirectories(data.resolve("locked"));
        Files.copy(data.resolve("a.png"), locked.resolve("hidden.png"));
        Unreadable.during(() -> {
            DatasetInspector.Summary summary = DatasetInspector.inspect(
                    DatasetLoader.openSource(data, "train", PixelLimit.DEFAULT), ProgressListener.NONE);
            assertEquals(2, summary.total());
            assertEquals(1, summary.readable());
            assertEquals(List.of(new SkippedFile(locked.toString(), "cannot be listed (permission denied)"),
                    new SkippedFile(secret.toString(), "permission denied")), summary.skipped());
            assertEquals(summary.skipped(), DatasetLoader.load(data, new DatasetOptions(8, 3, null, "train", null),
                    ProgressListener.NONE).skipped());
        }, secret, locked);
    }
}
