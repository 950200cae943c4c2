package dev.fpa.cli;

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
import dev.fpa.trainer.export.OnnxExporter;
import dev.fpa.trainer.checkpoint.Checkpoint;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import java.util.Arrays;
import java.util.TreeMap;

/**
 * {@code fpa zoo add}: a checkpoint (ours or official) or an ONNX model becomes a zoo entry with a generated model
 * card. Painters are exported with their painting frames, so {@code fpa paint} works on every zoo painter (the
 * LightGAN baseline has none).
 */
@Command(name = "add", mixinStandardHelpOptions = true,
        description = {"Add a model to a folder zoo (default: your own zoo) with a generated model card (Markdown and "
                + "JSON) and checksums: an fpa checkpoint or official model_N.pt (exported to ONNX, painters with "
                        + "their "
                + "painting frames; official ones read with the same --config and model flags as 'fpa import'), or "
                        + "an ONNX "
                + "generator or feature model.",
                "With a checkpoint from 'fpa train', the training time per step is read from the run's metrics.jsonl "
                        + "beside it."})
final class ZooAddCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Parameters(paramLabel = "CKPT|OFFICIAL.pt|MODEL.onnx", description = "The model to add.")
    Path input;

    @Option(names = "--name", required = true, paramLabel = "NAME",
            description = "The zoo name (letters, digits, '-', '_', '.'), used as zoo:NAME.")
    String name;

    @Option(names = "--zoo-dir", paramLabel = "DIR",
            description = "The folder zoo to add to (default: $FPA_ZOO_DIR, else $XDG_DATA_HOME/fpa/zoo or "
                    + "~/.local/share/fpa/zoo).")
    Path zooDir;

    @Option(names = "--summary", paramLabel = "TEXT", description = "One line for 'fpa zoo list' (default: made "
            + "from the model).")
    String summary;

    @Option(names = "--fid-json", paramLabel = "FILE",
            description = "Scores from 'fpa fid --json' to put in the card's evaluation section.")
    Path fidJson;

    @Option(names = "--stats", paramLabel = "STATS.npz",
            description = "Feature statistics to ship with the entry (for feature models: the reference set's).")
    List<Path> stats = new ArrayList<>();

    @Option(names = "--data-description", paramLabel = "TEXT",
            description = "What the model was trained on, for the card (default: the checkpoint's record).")
    String dataDescription;

    @Option(names = "--hardware", paramLabel = "TEXT",
            description = "Where it was trained, for the card (default: this machine's cores and architecture).")
    String hardware;

    @Option(names = "--default", description = "Make this generator the zoo's default for generate and paint.")
    boolean makeDefault;

    @Mixin
    GeneratorChoice generator = new GeneratorChoice();

    @Mixin
    ModelOptions model;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--name may only hold letters, digits, "
                    + "'-', '_' and '.': " + name);
        }
        PrintWriter console = spec.commandLine().getOut();
        Path dir = zooDir != null ? zooDir : ModelZoo.defaultLocalFolder();
        Files.createDirectories(dir);
        ObjectNode card = JSON.createObjectNode();
        card.put("name", name);
        byte[] onnx;
        Checkpoint checkpoint = null;
        if (input.getFileName().toString().endsWith(".onnx")) {
            onnx = Files.readAllBytes(input);
        } else {
            checkpoint = model.readCheckpoint(input, console);
            // Painters carry their frames for 'fpa paint'; the LightGAN baseline has none to give.
            ModelProto exported = OnnxExporter.export(checkpoint, generator.section(),
                    checkpoint.generatorConfig().paints(), Sha256.ofFile(input), FpaCommand.Version.number());
            onnx = exported.toByteArray();
        }
        String kind = describe(onnx, card);
        card.put("summary", summary != null ? summary : card.path("summary").asText());
        String modelFile = name + ".onnx";
        AtomicFiles.write(dir.resolve(modelFile), onnx);
        ObjectNode file = card.putObject("model");
        file.put("file", modelFile);
        file.put("sha256", Sha256.of(onnx));
        file.put("bytes", onnx.length);
        if (checkpoint != null) {
            ObjectNode t = training(checkpoint, input.resolveSibling("metrics.jsonl"));
            t.put("generator", generator.section().equals(Checkpoint.GENERATOR) ? "G (the trained generator)"
                    : "GE (the exponential moving average)");
            card.set("training", t);
            t.put("hardware", hardware != null ? hardware : Runtime.getRuntime().availableProcessors()
                    + " CPU cores (" + System.getProperty("os.arch") + "), no GPU; measured by 'fpa zoo add' on the "
                    + "machine that added it");
        }
        ObjectNode data = card.putObject("data");
        data.put("description", dataDescription != null ? dataDescription
                : checkpoint != null ? checkpoint.meta().path("source").path("data").asText("unknown") : "unknown");
        if (fidJson != null) {
            card.set("evaluation", JSON.readTree(fidJson.toFile()));
        }
        List<String> files = new ArrayList<>(List.of(modelFile, name + ".json", name + ".md"));
        for (Path s : stats) {
            String f = s.getFileName().toString();
            AtomicFiles.write(dir.resolve(f), Files.readAllBytes(s));
            files.add(f);
        }
        card.put("intended_use", ZooEntry.GENERATOR.equals(kind)
                ? "Research and demonstration of fast weight painters: sampling, painting animations, and a baseline "
                + "for comparisons under the stated data and budget."
                : "Feature extraction for FID/KID on the data it was trained on; not a general image model.");
        card.put("limitations", ZooEntry.GENERATOR.equals(kind)
                ? "Trained on small grey images under a small CPU budget; samples show the dataset's classes only and"
                + " reproduce its biases. Not for any decision about people."
                : "Features describe only the training data's domain; FIDs from it are not comparable with "
                + "Inception FIDs.");
        card.put("license", "Weights: Apache License 2.0, the licence of fpa (see its LICENSE and NOTICE), unless "
                + "their "
                + "author states otherwise. Training data: Fashion-MNIST (MIT License, Copyright (c) 2017 Zalando SE) "
                + "unless stated otherwise.");
        AtomicFiles.write(dir.resolve(name + ".json"), (JSON.writeValueAsString(card) + "\n")
                .getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(dir.resolve(name + ".md"), ModelCard.markdown(card).getBytes(StandardCharsets.UTF_8));
        ModelZoo zoo = ModelZoo.local(dir).add(name, kind, modelFile, card.get("summary").asText(), files,
                makeDefault);
        console.printf("added %s (%s) to the zoo in %s: %s; %d zoo models there%n", name, kind, dir,
                String.join(", ", files), zoo.entries().size());
        return 0;
    }

    /** Opens the model as a generator, else as a feature model, and fills the card's architecture section. */
    private String describe(byte[] onnx, ObjectNode card) throws IOException {
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

    /** What the checkpoint records of its training, and the time per step from the run's metrics.jsonl. */
    private static ObjectNode training(Checkpoint checkpoint, Path metrics) throws IOException {
        JsonNode meta = checkpoint.meta();
        ObjectNode t = JSON.createObjectNode();
        t.put("steps", meta.path("step").asLong());
        t.set("trainer", meta.path("training"));
        t.set("discriminator", meta.path("discriminator"));
        if (meta.path("source").has("preset")) {
            t.put("preset", meta.path("source").path("preset").asText());
        }
        if (Files.exists(metrics)) {
            // A resumed run logs again the steps after its last checkpoint: the last entry of a step counts.
            TreeMap<Long, Double> millis = new TreeMap<>();
            for (String line : Files.readAllLines(metrics)) {
                JsonNode m = JSON.readTree(line);
                if (m.path("step").asLong() <= meta.path("step").asLong() && m.has("ms")) {
                    millis.put(m.get("step").asLong(), m.get("ms").asDouble());
                }
            }
            double[] ms = millis.values().stream().mapToDouble(Double::doubleValue).sorted().toArray();
            if (ms.length > 0) {
                t.put("logged_steps", ms.length);
                t.put("wall_time_hours", Arrays.stream(ms).sum() / 3.6e6);
                t.put("median_ms_per_step", ms[ms.length / 2]);
            }
        }
        return t;
    }
}
