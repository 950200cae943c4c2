package dev.fpa.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fpa.runtime.generate.Device;
import dev.fpa.runtime.generate.OnnxSession;
import dev.fpa.runtime.generate.Painter;
import dev.fpa.runtime.latent.LatentSampler;
import dev.fpa.runtime.metrics.ImageBatch;
import dev.fpa.runtime.metrics.OnnxFeatureExtractor;
import dev.fpa.runtime.zoo.ModelReference;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Splitting batches across workers changes nothing: the zoo's trained models give, bit for bit, the images, frames
 * and features of a single-threaded run, for every seed. Nor does the painter's graph without its frames, which
 * generates the images: they are those of the whole graph.
 */
class WorkersBitIdenticalTest {
    private static final int BATCH = 24;
    private static final int WORKERS = 3;
    private static final int SAMPLES = 50;

    @ParameterizedTest
    @ValueSource(strings = {"fmnist-v2", "fmnist-v1", "fmnist-v2-unet", "fmnist-base"})
    void generatorsGiveTheImagesOfOneThread(String name) throws Exception {
        long[] seeds = new long[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            seeds[i] = 1000 + i;
        }
        try (Painter single = Painter.open("zoo:" + name, new Painter.Options(Device.CPU, 1, BATCH, 1));
                Painter split = Painter.open("zoo:" + name, new Painter.Options(Device.CPU, 0, BATCH, WORKERS))) {
            assertEquals(WORKERS, split.partsPerBatch(BATCH), "the batch must really be split");
            assertArrayEquals(single.generate(seeds).raw(), split.generate(seeds).raw());
            float[] z = LatentSampler.sample(7, SAMPLES, single.description().latentDim());
            assertArrayEquals(single.generate(z, SAMPLES, 3).raw(), split.generate(z, SAMPLES, 3).raw());
            if (single.description().hasFrames()) {
                assertArrayEquals(single.frames(z, SAMPLES), split.frames(z, SAMPLES));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"fmnist-v2", "fmnist-v1", "fmnist-v2-unet"})
    void imagesWithoutTheFramesAreThoseOfTheWholeGraph(String name) throws Exception {
        long[] seeds = {0, 1, 2, 3, 4, 5, 6, 7};
        try (Painter painter = Painter.open("zoo:" + name, new Painter.Options(Device.CPU, 1, BATCH));
                OnnxSession whole = OnnxSession.open(ModelReference.read("zoo:" + name).bytes(), Device.CPU, 1)) {
            assertTrue(painter.description().hasFrames());
            Painter.Inputs inputs = painter.inputsFor(seeds);
            Map<String, float[]> expected = whole.run(Map.of("z", new OnnxSession.Tensor(inputs.latents(),
                    new long[] {seeds.length, painter.description().latentDim()})), Set.of("raw", "image"));
            Painter.Images images = painter.generate(inputs);
            assertArrayEquals(expected.get("raw"), images.raw());
            assertArrayEquals(expected.get("image"), images.images());
        }
    }

    @Test
    void featuresOfOneThread() throws Exception {
        float[] images;
        try (Painter painter = Painter.open("zoo:fmnist-v2", new Painter.Options(Device.CPU, 1, BATCH))) {
            images = painter.generate(LatentSampler.sample(3, SAMPLES, painter.description().latentDim()), SAMPLES, 0)
                    .images();
        }
        ImageBatch batch = new ImageBatch(images, SAMPLES, 1, 32, 32);
        try (OnnxFeatureExtractor single = OnnxFeatureExtractor.open("zoo:fmnist-features", 1, 1);
                OnnxFeatureExtractor split = OnnxFeatureExtractor.open("zoo:fmnist-features", 0, WORKERS)) {
            assertEquals(WORKERS, split.partsPerBatch(SAMPLES), "the batch must really be split");
            assertArrayEquals(single.extract(batch), split.extract(batch));
        }
    }
}
