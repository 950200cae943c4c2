package dev.fpa.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fpa.runtime.image.ImageData;
import dev.fpa.runtime.image.ImageEncoder;
import dev.fpa.runtime.image.ImagePreprocessor;
import dev.fpa.runtime.progress.ProgressListener;
import dev.fpa.runtime.testing.OptionalRequirement;
import dev.fpa.runtime.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLoaderTest {
    @TempDir
    Path dir;

    private static ImageData random(int w, int h, int c, long seed) {
        byte[] p = new byte[w * h * c];
        new Random(seed).nextBytes(p);
        return new ImageData(w, h, c, p);
    }

    @Test
    void folderWithOneCorruptFileSkipsAndNamesIt() throws IOException {
        Path data = dir.resolve("faces");
        Files.createDirectories(data.resolve("sub"));
        ImageData rgb = random(40, 30, 3, 1);
        ImageEncoder.writePng(data.resolve("a.png"), rgb);
        ImageEncoder.writePng(data.resolve("sub/b.PNG"), random(16, 20, 4, 2));
        ImageEncoder.writeJpeg(data.resolve("sub/c.JPG"), random(50, 50, 1, 3), 90);
        Files.write(data.resolve("broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3, 4, 5, 6});
        Files.writeString(data.resolve("notes.txt"), "not an image");

        PreparedDataset d = DatasetLoader.load(data, new DatasetOptions(16, 3, null, "train", null),
                ProgressListener.NONE);
        assertEquals(3, d.count());
        assertEquals(1, d.skipped().size());
        assertTrue(d.skipped().get(0).source().endsWith("broken.png"), d.skipped().get(0).source());
        // a.png (first in path order) went through the official preprocessing
        ImageData expected = new ImagePreprocessor(16, 3).apply(rgb);
        float[] batch = new float[3 * 16 * 16];
        d.batch(new int[] {0}, null, batch);
        assertEquals((expected.get(5, 7, 1)) / 255f, batch[16 * 16 + 7 * 16 + 5], 0f);
        // horizontal flip mirrors columns
        float[] flipped = new float[batch.length];
        d.batch(new int[] {0}, new boolean[] {true}, flipped);
        assertEquals(batch[16 * 16 + 7 * 16 + 5], flipped[16 * 16 + 7 * 16 + 10], 0f);
    }

    @Test
    void emptyAndMissingDatasetsAreOneLineErrors() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        IOException e = assertThrows(IOException.class, () -> DatasetLoader.load(empty,
                new DatasetOptions(32, 1, null, "train", null), ProgressListener.NONE));
        assertTrue(e.getMessage().contains("no images"), e.getMessage());
        IOException missing = assertThrows(IOException.class, () -> DatasetLoader.load(dir.resolve("nope"),
                new DatasetOptions(32, 1, null, "train", null), ProgressListener.NONE));
        assertTrue(missing.getMessage().contains("no such file"), missing.getMessage());
        Path onlyBad = Files.createDirectories(dir.resolve("bad"));
        Files.writeString(onlyBad.resolve("x.jpg"), "garbage");
        IOException allBad = assertThrows(IOException.class, () -> DatasetLoader.load(onlyBad,
                new DatasetOptions(32, 1, null, "train", null), ProgressListener.NONE));
        assertTrue(allBad.getMessage().contains("x.jpg"), allBad.getMessage());
    }

    @Test
    void cacheIsReusedAndRebuiltWhenTheFolderChanges() throws IOException {
        Path data = Files.createDirectories(dir.resolve("imgs"));
        Path cache = dir.resolve("cache");
        ImageEncoder.writePng(data.resolve("1.png"), random(20, 20, 3, 4));
        DatasetOptions o = new DatasetOptions(8, 3, null, "train", cache);
        PreparedDataset first = DatasetLoader.load(data, o, ProgressListener.NONE);
        assertEquals(1, first.count());
        try (var files = Files.list(cache)) {
            assertEquals(1, files.count());
        }
        Path cached = Files.list(cache).findFirst().orElseThrow();
        long stamp = Files.getLastModifiedTime(cached).toMillis();
        PreparedDataset again = DatasetLoader.load(data, o, ProgressListener.NONE);
        assertArrayEquals(first.rawData(), again.rawData());
        assertEquals(stamp, Files.getLastModifiedTime(cached).toMillis());
        ImageEncoder.writePng(data.resolve("2.png"), random(20, 20, 3, 5));
        assertEquals(2, DatasetLoader.load(data, o, ProgressListener.NONE).count());
    }

    /** The subset in the repository: IDX parsing, padding 28 to 32 without resampling, the test split. */
    @Test
    void fashionMnistSubsetIsPaddedNotResampled() throws IOException {
        checkFashionMnist(TestData.fashionMnistSubset(), 2000, 1000);
    }

    @Test
    void fullFashionMnist() throws IOException {
        checkFashionMnist(OptionalRequirement.fullFashionMnist(), 60000, 10000);
    }

    private void checkFashionMnist(Path fmnist, int trainCount, int testCount) throws IOException {
        IdxImageSource raw = IdxImageSource.open(fmnist, "train");
        assertEquals(trainCount, raw.count());
        ImageData first = raw.read(0);
        assertEquals(28, first.width());
        DatasetOptions options = new DatasetOptions(32, 1, null, "train", null);
        PreparedDataset d = DatasetLoader.load(fmnist, options, ProgressListener.NONE);
        assertEquals(trainCount, d.count());
        assertEquals(0, d.skipped().size());
        // padded by 2 black pixels on every side, pixels unchanged
        float[] img = new float[32 * 32];
        d.batch(new int[] {0}, null, img);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                assertEquals(first.get(x, y, 0) / 255f, img[(y + 2) * 32 + x + 2], 0f);
            }
        }
        assertEquals(0f, img[0], 0f);
        assertEquals(testCount, IdxImageSource.open(fmnist, "t10k").count());
        // resized variant keeps the whole garment in a smaller square
        PreparedDataset small = DatasetLoader.load(fmnist, new DatasetOptions(16, 3, null, "t10k", null),
                ProgressListener.NONE);
        assertEquals(testCount, small.count());
        assertEquals(3, small.channels());
    }


    @Test
    void truncatedIdxFileIsAnError() throws IOException {
        Path f = dir.resolve("train-images-idx3-ubyte");
        Files.write(f, new byte[] {0, 0, 8, 3, 0, 0, 0, 5, 0, 0, 0, 28, 0, 0, 0, 28, 1, 2, 3});
        IOException e = assertThrows(IOException.class, () -> DatasetLoader.load(dir,
                new DatasetOptions(32, 1, null, "train", null), ProgressListener.NONE));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }
}
