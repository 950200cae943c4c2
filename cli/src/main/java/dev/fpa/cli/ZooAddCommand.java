package dev.fpa.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fpa.runtime.zoo.ModelZoo;
import dev.fpa.trainer.checkpoint.Checkpoint;
import dev.fpa.trainer.zoo.ZooPublisher;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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
                "With a checkpoint from 'fpa train', the training time per step and the FID curve are read from the "
                        + "run's metrics.jsonl beside it, and its losses.png ships as NAME-training.png."})
final class ZooAddCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

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

    @Option(names = "--selection", paramLabel = "TEXT",
            description = "How this checkpoint was chosen among the run's, for the card's training section (for "
                    + "example why it is not the one with the lowest FID).")
    String selection;

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
        PrintWriter console = spec.commandLine().getOut();
        Path dir = zooDir != null ? zooDir : ModelZoo.defaultLocalFolder();
        ZooPublisher.Request request;
        try {
            request = new ZooPublisher.Request(name, summary, generator.section(),
                    fidJson == null ? null : JSON.readTree(fidJson.toFile()), stats, dataDescription, hardware,
                    selection, makeDefault, FpaCommand.Version.number());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--name: " + e.getMessage());
        }
        Checkpoint checkpoint = input.getFileName().toString().endsWith(".onnx") ? null
                : model.readCheckpoint(input, console);
        ZooPublisher.Published published = ZooPublisher.publish(dir, input, checkpoint, request);
        console.printf("added %s (%s) to the zoo in %s: %s; %d zoo models there%n", name, published.kind(), dir,
                String.join(", ", published.files()), published.zooEntries());
        return 0;
    }
}
