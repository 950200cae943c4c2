package dev.fpa.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fpa.runtime.io.Sha256;
import dev.fpa.runtime.progress.ProgressListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxFeatureExtractorTest {
    private static final FeatureModelMetadata SIGNED = new FeatureModelMetadata(TinyFeatureModel.SIDE, -1, 1,
            FeatureModelMetadata.Resize.BILINEAR, TinyFeatureModel.DIM);

    @TempDir
    Path dir;

    @Test
    void featuresEqualTheDirectComputation() throws IOException {
        Path model = TinyFeatureModel.write(dir.resolve("tiny.onnx"), SIGNED.toProps());
        ImageBatch images = random(3, 3, TinyFeatureModel.SIDE, new Random(1));
        try (OnnxFeatureExtractor extractor = OnnxFeatureExtractor.open(model, 1)) {
            assertEquals(SIGNED, extractor.metadata());
            assertEquals(Sha256.ofFile(model), extractor.sha256());
            assertArrayEquals(TinyFeatureModel.expected(scaled(images), 3), extractor.extract(images), 1e-5f);
        }
    }

    @Test
    void greyIsRepeatedAndOtherSizesAreResized() throws IOException {
        Path model = TinyFeatureModel.write(dir.resolve("tiny.onnx"), SIGNED.toProps());
        ImageBatch grey = random(2, 1, 9, new Random(2));
        ImageBatch networkReady = BilinearResize.apply(grey.withChannels(3), TinyFeatureModel.SIDE,
                TinyFeatureModel.SIDE);
        try (OnnxFeatureExtractor extractor = OnnxFeatureExtractor.open(model, 1)) {
            assertArrayEquals(TinyFeatureModel.expected(scaled(networkReady), 2), extractor.extract(grey), 1e-5f);
        }
    }

    @Test
    void streamsBatchesWithProgress() throws IOException {
        Path model = TinyFeatureModel.write(dir.resolve("tiny.onnx"), SIGNED.toProps());
        List<ImageBatch> batches = List.of(random(2, 3, 4, new Random(3)), random(3, 3, 4, new Random(4)));
        List<float[]> features = new ArrayList<>();
        AtomicLong done = new AtomicLong();
        ProgressListener progress = new ProgressListener() {
            @Override
            public void start(String task, long total, String unit) {
                assertEquals(5, total);
            }

            @Override
            public void advance(long steps) {
                done.addAndGet(steps);
            }

            @Override
            public void finish() {
                done.addAndGet(1000);
            }
        };
        try (FeatureExtractor extractor = OnnxFeatureExtractor.open(model, 0)) {
            extractor.extractAll(batches.iterator(), 5, features::add, progress);
        }
        assertEquals(1005, done.get());
        assertEquals(List.of(2 * TinyFeatureModel.DIM, 3 * TinyFeatureModel.DIM),
                features.stream().map(f -> f.length).toList());
    }

    @Test
    void aModelWithoutFeatureMetadataIsRefused() throws IOException {
        Map<String, String> props = new HashMap<>(SIGNED.toProps());
        props.remove(FeatureModelMetadata.DIM);
        Path model = TinyFeatureModel.write(dir.resolve("plain.onnx"), props);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OnnxFeatureExtractor.open(model, 1));
        assertTrue(e.getMessage().startsWith(model + ": not a feature model"), e.getMessage());
        assertTrue(e.getMessage().contains(FeatureModelMetadata.DIM), e.getMessage());
    }

    @Test
    void aModelThatDoesNotResizeRefusesOtherSizes() throws IOException {
        FeatureModelMetadata fixed = new FeatureModelMetadata(TinyFeatureModel.SIDE, 0, 1,
                FeatureModelMetadata.Resize.NONE, TinyFeatureModel.DIM);
        Path model = TinyFeatureModel.write(dir.resolve("fixed.onnx"), fixed.toProps());
        try (OnnxFeatureExtractor extractor = OnnxFeatureExtractor.open(model, 1)) {
            assertThrows(IllegalArgumentException.class, () -> extractor.extract(random(1, 3, 5, new Random(5))));
        }
    }

    private static ImageBatch random(int count, int channels, int side, Random random) {
        float[] pixels = new float[count * channels * side * side];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextFloat();
        }
        return new ImageBatch(pixels, count, channels, side, side);
    }

    /** [0,1] → [−1,1], as pytorch-fid's 2x − 1. */
    private static float[] scaled(ImageBatch images) {
        float[] out = images.pixels().clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = 2 * out[i] - 1;
        }
        return out;
    }
}
