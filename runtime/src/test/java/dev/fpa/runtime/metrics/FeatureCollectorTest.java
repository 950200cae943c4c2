package dev.fpa.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fpa.runtime.image.ImageData;
import dev.fpa.runtime.image.ImageEncoder;
import dev.fpa.runtime.image.SkippedFile;
import dev.fpa.runtime.progress.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.fpa.runtime.image.ImageDecoder;

/** Folder streaming, the feature sample kept for KID, and scores against a reference, on a hand-checkable model. */
class FeatureCollectorTest {
    private static final FeatureModelMetadata UNIT = new FeatureModelMetadata(TinyFeatureModel.SIDE, 0, 1,
            FeatureModelMetadata.Resize.BILINEAR, TinyFeatureModel.DIM);

    @TempDir
    Path dir;

    /** Writes RGB images of the model's size, plus {@code odd} grey ones of another size at the end. */
    private Path folder(String name, int count, int odd, long seed) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(name));
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < count + odd; i++) {
            boolean grey = i >= count;
            int side = grey ? 7 : TinyFeatureModel.SIDE;
            byte[] pixels = new byte[side * side * (grey ? 1 : 3)];
            for (int p = 0; p < pixels.length; p++) {
                pixels[p] = (byte) random.nextInt(256);
            }
            ImageEncoder.writePng(folder.resolve(String.format(Locale.ROOT, "%03d.png", i)),
                    new ImageData(side, side, grey ? 1 : 3, pixels));
        }
        return folder;
    }

    @Test
    void folderStatisticsEqualThoseOfEachImageAlone() throws IOException {
        Path images = folder("a", 9, 3, 1);
        try (OnnxFeatureExtractor fx = OnnxFeatureExtractor.open(
                TinyFeatureModel.write(dir.resolve("tiny.onnx"), UNIT.toProps()), 1)) {
            ImageFolderStream stream = ImageFolderStream.open(images);
            List<Integer> batchSizes = new ArrayList<>();
            ImageStream counting = new ImageStream() {
                @Override
                public long count() {
                    return stream.count();
                }

                @Override
                public ImageBatch next(int max) throws IOException {
                    ImageBatch b = stream.next(max);
                    if (b != null) {
                        batchSizes.add(b.count());
                    }
                    return b;
                }
            };
            FeatureCollector.Result all = FeatureCollector.collect(fx, counting, 4, 100, ProgressListener.NONE);
            // 9 RGB images in batches of 4, then the 3 grey 7x7 ones, never mixed with them in one batch.
            assertEquals(List.of(4, 4, 1, 3), batchSizes);
            FeatureStatistics oneByOne = new FeatureStatistics(TinyFeatureModel.DIM);
            float[] rows = new float[12 * TinyFeatureModel.DIM];
            int i = 0;
            for (Path f : stream.files()) {
                float[] v = fx.extract(ImageBatch.of(List.of(ImageDecoder.read(f))));
                oneByOne.add(v);
                System.arraycopy(v, 0, rows, i++ * TinyFeatureModel.DIM, TinyFeatureModel.DIM);
            }
            assertEquals(12, all.statistics().count());
            assertArrayEquals(oneByOne.mean(), all.statistics().mean(), 1e-6);
            assertArrayEquals(rows, all.kept(), 1e-5f, "fewer images than the sample keeps all, in order");
            ReferenceSet self = ReferenceSet.of(all);
            ReferenceSet.Score score = self.score(all, KernelInceptionDistance.Options.defaults(0));
            assertEquals(0, score.fid(), 1e-9);
            assertTrue(Double.isFinite(score.kid().orElseThrow().mean()));
        }
    }

    @Test
    void keepsAUniformSampleWhenThereAreMoreImages() throws IOException {
        Path images = folder("b", 40, 0, 2);
        try (OnnxFeatureExtractor fx = OnnxFeatureExtractor.open(
                TinyFeatureModel.write(dir.resolve("tiny.onnx"), UNIT.toProps()), 1)) {
            FeatureCollector.Result r = FeatureCollector.collect(fx, ImageFolderStream.open(images), 8, 10,
                    ProgressListener.NONE);
            assertEquals(40, r.statistics().count());
            assertEquals(10 * TinyFeatureModel.DIM, r.kept().length);
            FeatureCollector.Result again = FeatureCollector.collect(fx, ImageFolderStream.open(images), 3, 10,
                    ProgressListener.NONE);
            assertArrayEquals(r.kept(), again.kept(), "the sample depends on the images, not on the batching");
            ReferenceSet noFeatures = new ReferenceSet(r.statistics().meanAndCovariance(), 40, null);
            assertThrows(IllegalArgumentException.class,
                    () -> noFeatures.score(r, KernelInceptionDistance.Options.defaults(0)));
        }
    }

    @Test
    void unreadableFilesArePassedOverAndNamedAndAFolderOfNoneIsAnError() throws IOException {
        Path images = folder("c", 3, 0, 3);
        Files.write(images.resolve("001.png"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        Path onlyBad = Files.createDirectories(dir.resolve("bad"));
        Files.write(onlyBad.resolve("x.jpg"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        try (OnnxFeatureExtractor fx = OnnxFeatureExtractor.open(
                TinyFeatureModel.write(dir.resolve("tiny.onnx"), UNIT.toProps()), 1)) {
            ImageFolderStream stream = ImageFolderStream.open(images);
            FeatureCollector.Result r = FeatureCollector.collect(fx, stream, 8, 0, ProgressListener.NONE);
            assertEquals(2, r.statistics().count());
            assertEquals(List.of(new SkippedFile(images.resolve("001.png").toString(),
                    "cannot decode image (not a PNG or JPEG file)")), stream.skipped());

            IOException none = assertThrows(IOException.class, () -> FeatureCollector.collect(fx,
                    ImageFolderStream.open(onlyBad), 8, 0, ProgressListener.NONE));
            assertEquals(onlyBad + ": none of the 1 images could be read (1 skipped, first: " + onlyBad.resolve("x.jpg")
                    + ": cannot decode image (not a PNG or JPEG file))", none.getMessage());
        }
        assertThrows(IOException.class, () -> ImageFolderStream.open(dir.resolve("missing")));
    }
}
