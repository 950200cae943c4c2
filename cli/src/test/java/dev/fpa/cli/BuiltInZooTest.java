package dev.fpa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fpa.runtime.generate.Device;
import dev.fpa.runtime.generate.ModelDescription;
import dev.fpa.runtime.generate.Painter;
import dev.fpa.runtime.metrics.OnnxFeatureExtractor;
import dev.fpa.runtime.metrics.StatisticsFile;
import dev.fpa.runtime.progress.ProgressListener;
import dev.fpa.runtime.testing.OptionalRequirement;
import dev.fpa.runtime.zoo.ModelReference;
import dev.fpa.runtime.zoo.ModelZoo;
import dev.fpa.runtime.zoo.ZooEntry;
import dev.fpa.trainer.data.DatasetLoader;
import dev.fpa.trainer.data.DatasetOptions;
import dev.fpa.trainer.data.IdxLabels;
import dev.fpa.trainer.data.PreparedDataset;
import dev.fpa.trainer.export.FeatureClassifierExporter;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;

/**
 * The models shipped in the built-in zoo: checksums match, every generator loads, matches its card and paints
 * finite images with frames, and the Fashion-MNIST feature network has the accuracy its card states.
 */
class BuiltInZooTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @org.junit.jupiter.api.io.TempDir
    Path dir;

    @Test
    void everyFileMatchesItsChecksumAndThereIsADefaultPainter() throws Exception {
        ModelZoo zoo = ModelZoo.builtIn();
        assertFalse(zoo.entries().isEmpty(), "the built-in zoo is empty");
        assertEquals(List.of(), zoo.verify());
        String def = zoo.defaultGenerator().orElseThrow();
        assertEquals(ZooEntry.GENERATOR, zoo.entry(def).orElseThrow().kind());
    }

    /** The README's table: a row per generator, its card's scores in their columns. */
    @Test
    void theMarkdownTableShowsEachGeneratorsScores() throws Exception {
        CliRunner cli = new CliRunner();
        assertEquals(0, cli.run("zoo", "list", "--markdown"), cli.err());
        List<String> lines = cli.out().lines().toList();
        assertEquals("| model | type | training steps | training time (h) | FID | KID | precision / recall | "
                + "measured with |", lines.get(0));
        ModelZoo zoo = ModelZoo.builtIn();
        for (ZooEntry e : zoo.entries()) {
            if (!e.kind().equals(ZooEntry.GENERATOR)) {
                continue;
            }
            JsonNode eval = JSON.readTree(zoo.text(e.cardJson())).path("evaluation");
            String row = lines.stream().filter(l -> l.startsWith("| " + e.name() + " |")).findFirst().orElseThrow();
            String[] cells = row.substring(2, row.length() - 2).split(" \\| ");
            assertEquals(8, cells.length, row);
            assertEquals(String.format(Locale.ROOT, "%.2f", eval.path("fid").asDouble()), cells[4], row);
            assertEquals(eval.has("precision") ? String.format(Locale.ROOT, "%.3f / %.3f (k = %d)",
                    eval.get("precision").asDouble(), eval.get("recall").asDouble(),
                    eval.get("precision_recall_k").asInt()) : "—", cells[6], row);
        }
    }

    @Test
    void everyGeneratorMatchesItsCardAndPaints() throws Exception {
        ModelZoo zoo = ModelZoo.builtIn();
        for (ZooEntry e : zoo.entries()) {
            if (!e.kind().equals(ZooEntry.GENERATOR)) {
                continue;
            }
            JsonNode arch = JSON.readTree(zoo.text(e.cardJson())).path("architecture");
            try (Painter p = Painter.open("zoo:" + e.name(), new Painter.Options(Device.CPU, 0, 16))) {
                ModelDescription d = p.description();
                assertEquals(arch.path("model_type").asText(), d.modelType(), e.name());
                assertEquals(arch.path("latent_dim").asInt(), d.latentDim(), e.name());
                assertEquals(arch.path("image").asText(), d.imageSize() + "x" + d.imageSize() + "x" + d.channels());
                assertEquals(arch.path("frames").asInt(), d.frames(), e.name());
                Painter.Images images = p.generate(new long[] {0, 1, 2, 3});
                float min = Float.MAX_VALUE;
                float max = -Float.MAX_VALUE;
                for (float v : images.images()) {
                    assertTrue(Float.isFinite(v));
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
                assertTrue(max - min > 0.1f, e.name() + " paints flat images: " + min + ".." + max);
                if (d.frames() > 0) {
                    assertEquals(d.frames() * d.channels() * d.imageSize() * d.imageSize(), p.paint(0).length);
                }
            }
        }
    }

    @Test
    void theFeatureNetworkHasTheAccuracyItsCardStates() throws Exception {
        ModelZoo zoo = ModelZoo.builtIn();
        ZooEntry entry = zoo.entry("fmnist-features").orElseThrow();
        ModelReference model = ModelReference.read("zoo:" + entry.name());
        Path fashionMnist = OptionalRequirement.fullFashionMnist();
        PreparedDataset test = DatasetLoader.load(fashionMnist, new DatasetOptions(32, 1, null, "t10k", null),
                ProgressListener.NONE);
        int[] labels = IdxLabels.read(fashionMnist, "t10k");
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        int correct = 0;
        double stated;
        try (OrtSession session = env.createSession(model.bytes())) {
            stated = Double.parseDouble(session.getMetadata().getCustomMetadata()
                    .get(FeatureClassifierExporter.TEST_ACCURACY));
            int batch = 1000;
            for (int from = 0; from < labels.length; from += batch) {
                int[] idx = new int[batch];
                for (int i = 0; i < batch; i++) {
                    idx[i] = from + i;
                }
                float[] pixels = new float[batch * 32 * 32];
                test.batch(idx, null, pixels);
                try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(pixels), new long[] {batch, 1, 32,
                        32});
                     OrtSession.Result out = session.run(Map.of(FeatureClassifierExporter.INPUT, x))) {
                    float[][] logits = (float[][]) out.get(FeatureClassifierExporter.LOGITS).orElseThrow().getValue();
                    for (int i = 0; i < batch; i++) {
                        int best = 0;
                        for (int k = 1; k < logits[i].length; k++) {
                            if (logits[i][k] > logits[i][best]) {
                                best = k;
                            }
                        }
                        correct += best == labels[from + i] ? 1 : 0;
                    }
                }
            }
        }
        double accuracy = correct / (double) labels.length;
        assertTrue(accuracy >= 0.90, "test accuracy " + accuracy);
        assertEquals(stated, accuracy, 1e-4, "the card's accuracy is what the ONNX model scores");
        try (OnnxFeatureExtractor fx = OnnxFeatureExtractor.open("zoo:fmnist-features", 1)) {
            for (String f : entry.files().keySet()) {
                if (f.endsWith(".npz")) {
                    Path copy = dir.resolve(f);
                    try (InputStream in = zoo.file(f).openStream()) {
                        Files.copy(in, copy);
                    }
                    StatisticsFile stats = StatisticsFile.read(copy);
                    stats.requireExtractor(fx.sha256());
                    assertEquals(60000, stats.count().getAsLong());
                }
            }
        }
    }
}
