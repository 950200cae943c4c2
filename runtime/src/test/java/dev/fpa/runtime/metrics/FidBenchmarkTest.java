package dev.fpa.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FidBenchmarkTest {
    @TempDir
    Path dir;

    @Test
    void timesAccumulationAndTheDistance() {
        FidBenchmark.Result r = FidBenchmark.run(64, 100, 3, 1);
        System.out.printf("64-d: %.0f vectors/s, Fréchet median %.4f s%n", r.accumulationVectorsPerSecond(),
                r.frechetMedianSeconds());
        assertEquals(3, r.frechetSeconds().length);
        assertTrue(r.accumulationVectorsPerSecond() > 0 && r.frechetMedianSeconds() > 0);
    }

    @Test
    void timesAnExtractor() throws IOException {
        FeatureModelMetadata metadata = new FeatureModelMetadata(TinyFeatureModel.SIDE, 0, 1,
                FeatureModelMetadata.Resize.NONE, TinyFeatureModel.DIM);
        Path model = TinyFeatureModel.write(dir.resolve("tiny.onnx"), metadata.toProps());
        try (OnnxFeatureExtractor extractor = OnnxFeatureExtractor.open(model, 1)) {
            ImageBatch batch = new ImageBatch(new float[8 * TinyFeatureModel.INPUTS], 8, 3, 4, 4);
            assertTrue(FidBenchmark.extractionImagesPerSecond(extractor, batch, 3) > 0);
        }
    }
}
