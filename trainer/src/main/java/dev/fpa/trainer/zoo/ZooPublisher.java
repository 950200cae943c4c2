package dev.fpa.trainer.zoo;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fpa.runtime.generate.Device;
import dev.fpa.runtime.generate.ModelDescription;
import dev.fpa.runtime.generate.Painter;
import dev.fpa.runtime.io.AtomicFiles;
import dev.fpa.runtime.io.Sha256;
import dev.fpa.runtime.metrics.OnnxFeatureExtractor;
import dev.fpa.runtime.zoo.ModelCard;
import dev.fpa.runtime.zoo.ModelZoo;
import dev.fpa.runtime.zoo.ZooEntry;
import dev.fpa.trainer.checkpoint.Checkpoint;
import dev.fpa.trainer.export.OnnxExporter;
import dev.fpa.trainer.train.EmaSchedule;
import dev.fpa.trainer.train.TrainingCheckpoints;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Adds a model to a folder zoo: a checkpoint (ours or imported) is exported to ONNX, painters with their painting
 * frames, or an ONNX generator or feature model is taken as it is; the card (JSON and Markdown) describes its
 * architecture, training, data, evaluation, use and licence, and the index lists its files with their checksums.
 */
public final class ZooPublisher {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String CARD_TEXT = "/dev/fpa/trainer/zoo/card-text.json";
    /** The run's plot beside its checkpoint, shipped as NAME-training.png. */
    private static final String RUN_PLOT = "losses.png";

    /**
     * What to publish and how to describe it.
     *
     * @param name            the zoo name (letters, digits, '-', '_', '.')
     * @param summary         one line for {@code fpa zoo list}, or null to make one from the model
     * @param section         for a checkpoint: {@link Checkpoint#EMA_GENERATOR} or {@link Checkpoint#GENERATOR}
     * @param evaluation      scores from {@code fpa fid --json}, or null
     * @param extraFiles      files shipped beside the model (statistics, say)
     * @param dataDescription what it was trained on, or null for the checkpoint's record
     * @param hardware        where it was trained, or null for this machine
     * @param selection       how the checkpoint was chosen among the run's, or null
     * @param makeDefault     whether it becomes the zoo's default generator
     * @param version         fpa's version, recorded in exported models
     */
    public record Request(String name, String summary, String section, JsonNode evaluation, List<Path> extraFiles,
            String dataDescription, String hardware, String selection, boolean makeDefault, String version) {
        public Request {
            if (!name.matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException("the zoo name may only hold letters, digits, '-', '_' and '.': "
                        + name);
            }
            extraFiles = List.copyOf(extraFiles);
        }
    }

    /** What was written: the entry's kind, its files, and the number of entries the zoo now has. */
    public record Published(String kind, List<String> files, int zooEntries) {
    }

    private ZooPublisher() {
    }

    /**
     * Publishes an ONNX model ({@code checkpoint} null) or a checkpoint read from {@code input} into {@code zoo}.
     */
    public static Published publish(Path zoo, Path input, Checkpoint checkpoint, Request r) throws IOException {
        Files.createDirectories(zoo);
        ObjectNode card = JSON.createObjectNode();
        card.put("name", r.name());
        byte[] onnx;
        if (checkpoint == null) {
            onnx = Files.readAllBytes(input);
        } else {
            // Painters carry their frames for 'fpa paint'; the LightGAN baseline has none to give.
            ModelProto exported = OnnxExporter.export(checkpoint, r.section(), checkpoint.generatorConfig().paints(),
                    Sha256.ofFile(input), r.version());
            onnx = exported.toByteArray();
        }
        String kind = describe(onnx, r.name(), input, card);
        if (r.summary() != null) {
            card.put("summary", r.summary());
        }
        String modelFile = r.name() + ".onnx";
        AtomicFiles.write(zoo.resolve(modelFile), onnx);
        ObjectNode file = card.putObject("model");
        file.put("file", modelFile);
        file.put("sha256", Sha256.of(onnx));
        file.put("bytes", onnx.length);
        List<String> files = new ArrayList<>(List.of(modelFile, r.name() + ".json", r.name() + ".md"));
        if (checkpoint != null) {
            TrainingRecord record = TrainingRecord.of(checkpoint, input.resolveSibling(TrainingRecord.METRICS));
            ObjectNode training = record.toJson();
            training.put("generator", r.section().equals(Checkpoint.GENERATOR) ? "G (the trained generator)"
                    : emaDescription(checkpoint));
            training.put("hardware", r.hardware() != null ? r.hardware() : Runtime.getRuntime().availableProcessors()
                    + " CPU cores (" + System.getProperty("os.arch") + "), no GPU; measured by 'fpa zoo add' on the "
                    + "machine that added it");
            if (r.selection() != null) {
                training.put("selection", r.selection());
            }
            Path plot = input.resolveSibling(RUN_PLOT);
            if (Files.isRegularFile(plot)) {
                String plotFile = r.name() + "-training.png";
                AtomicFiles.write(zoo.resolve(plotFile), Files.readAllBytes(plot));
                training.put("plot", plotFile);
                files.add(plotFile);
            }
            card.set("training", training);
        }
        card.putObject("data").put("description", r.dataDescription() != null ? r.dataDescription()
                : checkpoint != null ? TrainingRecord.dataOf(checkpoint) : "unknown");
        if (r.evaluation() != null) {
            card.set("evaluation", r.evaluation());
        }
        for (Path s : r.extraFiles()) {
            String f = s.getFileName().toString();
            AtomicFiles.write(zoo.resolve(f), Files.readAllBytes(s));
            files.add(f);
        }
        JsonNode text = cardText();
        JsonNode kindText = text.path(ZooEntry.GENERATOR.equals(kind) ? "generator" : "features");
        card.put("intended_use", kindText.path("intended_use").asText());
        card.put("limitations", kindText.path("limitations").asText());
        card.put("license", text.path("license").asText());
        AtomicFiles.write(zoo.resolve(r.name() + ".json"), (JSON.writeValueAsString(card) + "\n")
                .getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(zoo.resolve(r.name() + ".md"), ModelCard.markdown(card).getBytes(StandardCharsets.UTF_8));
        ModelZoo index = ModelZoo.local(zoo).add(r.name(), kind, modelFile, card.get("summary").asText(), files,
                r.makeDefault());
        return new Published(kind, files, index.entries().size());
    }

    /** What the checkpoint's GE holds at its step, by the run's EMA schedule (imported checkpoints have none). */
    private static String emaDescription(Checkpoint checkpoint) {
        if (!TrainingCheckpoints.isTrainingCheckpoint(checkpoint)) {
            return "GE (the exponential moving average)";
        }
        return new EmaSchedule(TrainingCheckpoints.config(checkpoint).training())
                .describeAfter(checkpoint.meta().step());
    }

    /** Opens the model as a generator, else as a feature model, and fills the card's architecture section. */
    private static String describe(byte[] onnx, String name, Path input, ObjectNode card) throws IOException {
        ObjectNode arch = card.putObject("architecture");
        try (Painter painter = Painter.open(onnx, name, new Painter.Options(Device.CPU, 1, 1))) {
            ModelDescription d = painter.description();
            arch.put("model_type", d.modelType());
            arch.set("config", JSON.readTree(d.configJson()));
            arch.put("latent_dim", d.latentDim());
            arch.put("image", d.imageSize() + "x" + d.imageSize() + "x" + d.channels());
            arch.put("painting_steps", d.steps());
            arch.put("frames", d.frames());
            arch.put("training_step", d.trainingStep());
            card.put("summary", d.modelType() + " " + d.imageSize() + "x" + d.imageSize() + (d.channels() == 1
                    ? " grey" : " colour") + ", step " + d.trainingStep());
            return ZooEntry.GENERATOR;
        } catch (IOException notGenerator) {
            try (OnnxFeatureExtractor fx = OnnxFeatureExtractor.open(onnx, name, 1)) {
                arch.put("feature_dim", fx.dim());
                arch.put("input_size", fx.metadata().inputSize());
                card.put("summary", fx.dim() + "-d feature extractor for " + fx.metadata().inputSize() + "x"
                        + fx.metadata().inputSize() + " images");
                return ZooEntry.FEATURES;
            } catch (IOException | IllegalArgumentException notFeatures) {
                throw new IOException(input + ": neither an fpa generator (" + notGenerator.getMessage()
                        + ") nor a feature model (" + notFeatures.getMessage() + ")");
            }
        }
    }

    private static JsonNode cardText() throws IOException {
        try (InputStream in = ZooPublisher.class.getResourceAsStream(CARD_TEXT)) {
            if (in == null) {
                throw new IOException("the card text " + CARD_TEXT + " is missing from this build");
            }
            return JSON.readTree(in);
        }
    }
}
