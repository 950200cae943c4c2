package dev.fpa.trainer.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.fpa.runtime.array.NdArray;
import dev.fpa.runtime.array.Npz;
import dev.fpa.runtime.image.ImageDecoder;
import dev.fpa.runtime.metrics.FeatureStatistics;
import dev.fpa.runtime.metrics.FrechetDistance;
import dev.fpa.runtime.metrics.ImageBatch;
import dev.fpa.runtime.metrics.MeanAndCovariance;
import dev.fpa.runtime.metrics.OnnxFeatureExtractor;
import dev.fpa.runtime.testing.TestData;
import dev.fpa.trainer.imports.TorchCheckpoint;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The FID Inception built from the fixture's random weights reproduces stock pytorch-fid's pool3 features
 * ({@code fixtures/fid/ref.npz}) on both image folders, fed one image at a time at its own size as pytorch-fid
 * was run (imgs_b mixes sizes and modes), and so its FID.
 *
 * <p>The features are held to 1e-4 against the exact (float64) features of the same network,
 * {@code fid-float64.npz}, written by {@code src/test/python/fid_inception_float64.py} (numpy only, independent of
 * this code). pytorch-fid's own float32 features are up to 3.6e-4 from those on imgs_b: this random network
 * amplifies rounding about a hundredfold, so against them only a bound relative to the largest feature holds.
 */
class FidInceptionTest {
    private static final Path FID = TestData.official("fid");
    private static final Path WEIGHTS = TestData.fidInceptionWeights();
    /** Max abs error against the exact features, as the issue asks (measured 7.0e-5). */
    private static final double FEATURE_TOLERANCE = 1e-4;
    /**
     * Max abs error against pytorch-fid's float32 features, relative to the folder's largest one (3.7 on imgs_a,
     * 41 on imgs_b): their own rounding error (up to 3.6e-4 on imgs_b) sets this floor, not ours.
     */
    private static final double PYTORCH_FID_RELATIVE_TOLERANCE = 1e-4;
    private static final double FID_TOLERANCE = 1e-3;

    @TempDir
    static Path dir;

    private static Path model;
    private static OnnxFeatureExtractor extractor;
    private static Map<String, NdArray> reference;
    private static Map<String, NdArray> exact;
    private static Map<String, List<String>> files;

    @BeforeAll
    static void export() throws IOException, URISyntaxException {
        long t0 = System.nanoTime();
        ModelProto onnx = FidInceptionExporter.export(WEIGHTS, "test");
        model = dir.resolve("fid-inception.onnx");
        OnnxExporter.write(onnx, model);
        extractor = OnnxFeatureExtractor.open(model, 2);
        System.out.printf("FID Inception: %d nodes, exported in %.1f s%n", onnx.getGraph().getNodeCount(),
                (System.nanoTime() - t0) / 1e9);
        reference = Npz.read(FID.resolve("ref.npz"));
        exact = Npz.read(Path.of(FidInceptionTest.class.getResource("fid-float64.npz").toURI()));
        files = Npz.readText(FID.resolve("ref.npz"));
    }

    @AfterAll
    static void close() {
        if (extractor != null) {
            extractor.close();
        }
    }

    @Test
    void featuresAndFidMatchPytorchFid() throws IOException {
        long t0 = System.nanoTime();
        float[] a = features("imgs_a", "files_a");
        float[] b = features("imgs_b", "files_b");
        double seconds = (System.nanoTime() - t0) / 1e9;
        double[] refA = reference.get("feats_a").toDoubleArray();
        double[] refB = reference.get("feats_b").toDoubleArray();
        double exactErrorA = maxAbsError(a, exact.get("feats_a").toDoubleArray());
        double exactErrorB = maxAbsError(b, exact.get("feats_b").toDoubleArray());
        double errorA = maxAbsError(a, refA);
        double errorB = maxAbsError(b, refB);
        MeanAndCovariance statsA = statistics(a);
        MeanAndCovariance statsB = statistics(b);
        double fid = FrechetDistance.between(statsA, statsB);
        double expected = reference.get("fid").scalar();
        double relative = Math.abs(fid - expected) / expected;
        double self = FrechetDistance.between(statsA, statsA);
        String report = String.format("features of 96 images in %.1f s; max abs error against the exact features"
                + " imgs_a %.3e, imgs_b %.3e; against pytorch-fid's imgs_a %.3e (%.1e of its largest feature),"
                + " imgs_b %.3e (%.1e); FID %.9f vs pytorch-fid %.9f (relative %.2e); FID(a,a) %.3e (pytorch-fid"
                + " %.3e)", seconds, exactErrorA, exactErrorB, errorA, errorA / largest(refA), errorB,
                errorB / largest(refB), fid, expected, relative, self, reference.get("fid_aa").scalar());
        System.out.println(report);
        assertTrue(exactErrorA <= FEATURE_TOLERANCE && exactErrorB <= FEATURE_TOLERANCE, report);
        assertTrue(errorA <= PYTORCH_FID_RELATIVE_TOLERANCE * largest(refA)
                && errorB <= PYTORCH_FID_RELATIVE_TOLERANCE * largest(refB), report);
        assertTrue(relative <= FID_TOLERANCE, report);
        assertTrue(Math.abs(self) < 1e-3, report);
    }

    /**
     * The graph resizes by itself: images fed at their own size (non-square, larger than 299, tiny) give
     * pytorch-fid's features without the runtime's resize. ONNX Runtime rounds the resize coordinates unlike
     * torch (both within 2e-5 of the exact interpolation), which this network turns into up to 2e-3 on b_044.
     */
    @Test
    void theGraphResizesAnyInputSizeItself() throws IOException, OrtException {
        List<String> names = files.get("files_b");
        double[] expected = reference.get("feats_b").toDoubleArray();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(2);
            try (OrtSession session = env.createSession(model.toString(), options)) {
                for (int i : new int[] {41, 44, 47}) {
                    ImageBatch image = ImageBatch.of(List.of(ImageDecoder.read(FID.resolve("imgs_b")
                            .resolve(names.get(i))))).withChannels(3);
                    long[] shape = {1, 3, image.height(), image.width()};
                    try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(image.pixels()), shape);
                         OrtSession.Result result = session.run(Map.of(FidInceptionExporter.INPUT, x))) {
                        float[] features = ((float[][]) result.get(0).getValue())[0];
                        double[] row = new double[FidInceptionExporter.DIM];
                        System.arraycopy(expected, i * row.length, row, 0, row.length);
                        double error = maxAbsError(features, row);
                        System.out.printf("%s at %dx%d fed as is: max abs error %.3e%n", names.get(i),
                                image.width(), image.height(), error);
                        assertTrue(error <= PYTORCH_FID_RELATIVE_TOLERANCE * largest(expected),
                                names.get(i) + ": max abs error " + error);
                    }
                }
            }
        }
    }

    @Test
    void metadataDescribesAFeatureModel() {
        assertEquals(299, extractor.metadata().inputSize());
        assertEquals(0f, extractor.metadata().low());
        assertEquals(1f, extractor.metadata().high());
        assertEquals(2048, extractor.dim());
    }

    @Test
    void aGeneratorCheckpointIsRefusedWithOneLine() {
        Path generator = FID.resolveSibling("v2_grey32").resolve("model_0.pt");
        IOException e = assertThrows(IOException.class, () -> FidInceptionExporter.export(generator, "test"));
        String message = e.getMessage();
        assertTrue(message.startsWith(generator + ": not pytorch-fid's FID Inception weights")
                && message.contains("470 of 470 required tensors missing (Conv2d_1a_3x3.conv.weight,"), message);
        assertFalse(message.contains("\n"), message);
    }

    @Test
    void missingAndMisShapedTensorsAreNamed() throws IOException {
        Map<String, NdArray> dict = new LinkedHashMap<>(TorchCheckpoint.read(WEIGHTS).stateDict());
        dict.remove("Mixed_6b.branch7x7_2.bn.running_var");
        dict.put("Mixed_7c.branch1x1.conv.weight", NdArray.of(new float[320 * 1280], 320, 1280, 1, 1));
        dict.keySet().removeIf(k -> k.endsWith("num_batches_tracked") || k.startsWith("fc."));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FidInceptionExporter.export(dict, "x.pth", "0", "test"));
        assertEquals("not pytorch-fid's FID Inception weights (pt_inception-2015-12-05-6726825d.pth): 1 of 470"
                + " required tensors missing (Mixed_6b.branch7x7_2.bn.running_var); 1 mis-shaped"
                + " (Mixed_7c.branch1x1.conv.weight [320, 1280, 1, 1] instead of [320, 2048, 1, 1])", e.getMessage());
    }

    /** pytorch-fid's order (the reference's file list, which must be the sorted folder), one image per run. */
    private static float[] features(String folder, String listKey) throws IOException {
        List<String> names = files.get(listKey);
        try (Stream<Path> listing = Files.list(FID.resolve(folder))) {
            assertEquals(listing.map(p -> p.getFileName().toString()).sorted().toList(), names);
        }
        float[] all = new float[names.size() * extractor.dim()];
        for (int i = 0; i < names.size(); i++) {
            ImageBatch image = ImageBatch.of(List.of(ImageDecoder.read(FID.resolve(folder).resolve(names.get(i)))));
            System.arraycopy(extractor.extract(image), 0, all, i * extractor.dim(), extractor.dim());
        }
        return all;
    }

    private static MeanAndCovariance statistics(float[] features) {
        FeatureStatistics s = new FeatureStatistics(FidInceptionExporter.DIM);
        s.add(features);
        return s.meanAndCovariance();
    }

    private static double largest(double[] values) {
        double max = 0;
        for (double v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    private static double maxAbsError(float[] actual, double[] expected) {
        assertEquals(expected.length, actual.length);
        double max = 0;
        for (int i = 0; i < actual.length; i++) {
            double d = Math.abs(actual[i] - expected[i]);
            max = Math.max(max, Double.isNaN(d) ? Double.POSITIVE_INFINITY : d);
        }
        return max;
    }
}
