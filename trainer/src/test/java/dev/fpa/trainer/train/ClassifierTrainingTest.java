package dev.fpa.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.fpa.runtime.metrics.FeatureModelMetadata;
import dev.fpa.runtime.metrics.ImageBatch;
import dev.fpa.runtime.metrics.OnnxFeatureExtractor;
import dev.fpa.runtime.progress.ProgressListener;
import dev.fpa.trainer.data.DatasetLoader;
import dev.fpa.trainer.data.DatasetOptions;
import dev.fpa.trainer.data.IdxLabels;
import dev.fpa.trainer.data.PreparedDataset;
import dev.fpa.trainer.export.FeatureClassifierExporter;
import dev.fpa.trainer.export.OnnxExporter;
import dev.fpa.trainer.model.FeatureClassifier;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The feature classifier learns a task it must get right (garments bright at the top vs at the bottom, in IDX files
 * as Fashion-MNIST ships them), and its ONNX export computes the same features and logits as DJL.
 */
class ClassifierTrainingTest {
    private static final int SIDE = 28;

    @TempDir
    Path dir;

    /** IDX images and labels: class 1 is bright in the top half, class 0 in the bottom half, with noise. */
    private void writeSplit(String split, int count, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] labels = new byte[count];
        byte[] pixels = new byte[count * SIDE * SIDE];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) random.nextInt(2);
            for (int y = 0; y < SIDE; y++) {
                boolean bright = (y < SIDE / 2) == (labels[i] == 1);
                for (int x = 0; x < SIDE; x++) {
                    pixels[i * SIDE * SIDE + y * SIDE + x] = (byte) ((bright ? 150 : 0) + random.nextInt(100));
                }
            }
        }
        try (DataOutputStream out = idx(split + "-images-idx3-ubyte.gz")) {
            out.writeInt(0x803);
            out.writeInt(count);
            out.writeInt(SIDE);
            out.writeInt(SIDE);
            out.write(pixels);
        }
        try (DataOutputStream out = idx(split + "-labels-idx1-ubyte.gz")) {
            out.writeInt(0x801);
            out.writeInt(count);
            out.write(labels);
        }
    }

    private DataOutputStream idx(String name) throws IOException {
        OutputStream file = Files.newOutputStream(dir.resolve(name));
        return new DataOutputStream(new GZIPOutputStream(file));
    }

    private ClassifierTraining.LabelledImages load(String split) throws IOException {
        PreparedDataset images = DatasetLoader.load(dir, new DatasetOptions(32, 1, null, split, null),
                ProgressListener.NONE);
        return new ClassifierTraining.LabelledImages(images, IdxLabels.read(dir, split));
    }

    @Test
    void learnsTheTaskAndExportsTheSameNetwork() throws Exception {
        writeSplit("train", 160, 1);
        writeSplit("t10k", 60, 2);
        ClassifierTraining.LabelledImages train = load("train");
        ClassifierTraining.LabelledImages test = load("t10k");
        FeatureClassifier net = new FeatureClassifier(1, 32, new int[] {4, 8}, 16, 2);
        try (NDManager manager = NDManager.newBaseManager()) {
            ClassifierTraining.Result result = ClassifierTraining.train(net, manager, train, test,
                    new ClassifierTraining.Options(4, 16, 1e-2, 5), ProgressListener.NONE);
            assertEquals(1.0, result.testAccuracy(), "accuracy " + result.testAccuracy());
            assertEquals(40, result.steps());

            Path onnx = dir.resolve("features.onnx");
            OnnxExporter.write(FeatureClassifierExporter.export(net, result.testAccuracy(), "test", "test"), onnx);
            int n = 8;
            float[] pixels = new float[n * 32 * 32];
            int[] indices = {0, 1, 2, 3, 4, 5, 6, 7};
            test.images().batch(indices, null, pixels);
            NDList djl = net.forward(new ParameterStore(manager, false),
                    new NDList(manager.create(pixels, new Shape(n, 1, 32, 32))), false);
            float[] features = djl.get(0).toFloatArray();
            float[] logits = djl.get(1).toFloatArray();
            try (OnnxFeatureExtractor fx = OnnxFeatureExtractor.open(onnx, 1)) {
                assertEquals(new FeatureModelMetadata(32, 0, 1, FeatureModelMetadata.Resize.BILINEAR, 16),
                        fx.metadata());
                assertTrue(maxDiff(features, fx.extract(new ImageBatch(pixels, n, 1, 32, 32))) < 1e-5);
            }
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession session = env.createSession(onnx.toString());
                 OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(pixels), new long[] {n, 1, 32, 32});
                 OrtSession.Result out = session.run(Map.of(FeatureClassifierExporter.INPUT, x))) {
                float[] onnxLogits = new float[n * 2];
                ((OnnxTensor) out.get(FeatureClassifierExporter.LOGITS).orElseThrow()).getFloatBuffer().get(onnxLogits);
                assertTrue(maxDiff(logits, onnxLogits) < 1e-5, "logits differ by " + maxDiff(logits, onnxLogits));
                assertEquals("1.0000", session.getMetadata().getCustomMetadata()
                        .get(FeatureClassifierExporter.TEST_ACCURACY));
            }
        }
    }

    private static float maxDiff(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        float m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
