package dev.fpa.trainer.train;

import dev.fpa.trainer.checkpoint.Checkpoint;
import dev.fpa.trainer.checkpoint.Provenance;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fpa.runtime.io.Sha256;
import dev.fpa.trainer.data.DatasetFingerprint;
import dev.fpa.trainer.data.PreparedDataset;
import dev.fpa.trainer.engine.TorchDevice;
import dev.fpa.trainer.imports.OfficialImporter;
import dev.fpa.trainer.model.layers.StateDictLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the state {@code fpa train} starts from: a new run (from a preset, a config file and flags, optionally on
 * pre-trained weights) or a run continued from its checkpoint. A run is continued by running its own command line
 * again with {@code --resume}: options equal to the saved run's are accepted, and each one that differs is named in
 * one error, except the ones that only say how long and how often ({@link #RESUMABLE}). Where the data moved, it is
 * recognised by its fingerprint.
 */
public final class TrainingRun {
    /** Options that may change when a run continues: they say how long and how often, not what is trained. */
    public static final Set<String> RESUMABLE = Set.of("num_train_steps", "save_every", "evaluate_every");
    /** The official option names whose flags are spelled otherwise. */
    private static final Map<String, String> FLAG_NAMES = Map.of("lr", "--learning-rate",
            "gradient_accumulate_every", "--grad-accumulate-every");

    /** The official --load_pre_trained and the flags that go with it. */
    public record PreTrained(Path file, PreTrainedWeights.Options options) {
    }

    /**
     * What the command line asks for.
     *
     * @param out        the run's folder
     * @param data       the training data; may be null when resuming (the run's own data is used)
     * @param preset     a preset name, or null
     * @param given      official options from --config and the flags (the preset's are added here)
     * @param idxData    whether the data is an IDX set, which makes a new model grey unless told otherwise
     * @param resume     the checkpoint to continue, or null for a new run
     * @param preTrained weights to start a new run from, or null
     */
    public record Request(Path out, Path data, String preset, ObjectNode given, boolean idxData, Path resume,
            PreTrained preTrained, TorchDevice device) {
    }

    private final TrainingState state;
    private final Path data;
    private Provenance provenance;
    private final List<String> notes;
    private final boolean resumed;

    private TrainingRun(TrainingState state, Path data, Provenance provenance, List<String> notes, boolean resumed) {
        this.state = state;
        this.data = data;
        this.provenance = provenance;
        this.notes = notes;
        this.resumed = resumed;
    }

    /**
     * A new run, or the continued one.
     *
     * @throws IllegalArgumentException for a request that cannot start: no data, a folder that already holds a run,
     *                                  or a resume whose options differ from the run's (all named in one message)
     */
    public static TrainingRun start(Request r) throws IOException {
        return r.resume() != null ? resume(r) : fresh(r);
    }

    /** The state to train; whoever trains it owns it from here on. */
    public TrainingState state() {
        return state;
    }

    /** Where the training data is: the request's, or for a resume without --data the run's own. */
    public Path data() {
        return data;
    }

    /** Stored in every checkpoint as meta "source". */
    public Provenance provenance() {
        return provenance;
    }

    /** What the user should read before training starts. */
    public List<String> notes() {
        return notes;
    }

    public boolean resumed() {
        return resumed;
    }

    /**
     * Checks the loaded data against the run: a new run records its fingerprint; a resumed run must find the same
     * images (a moved data set is accepted and recorded at its new place).
     *
     * @throws IllegalArgumentException if a resumed run's data differs from what it started on
     */
    public void admit(PreparedDataset dataset) {
        DatasetFingerprint now = DatasetFingerprint.of(dataset);
        Optional<DatasetFingerprint> saved = DatasetFingerprint.fromJson(provenance.dataFingerprint());
        String startedOn = provenance.data() == null ? "" : provenance.data();
        String here = absolute(data);
        if (saved.isPresent() && !saved.get().equals(now)) {
            throw new IllegalArgumentException("--data " + data + ": not the data this run was trained on (it started "
                    + "on " + startedOn + ": " + saved.get().describe() + ", sha256 " + saved.get().sha256()
                    + "; this is " + now.describe() + ", sha256 " + now.sha256() + ")");
        }
        if (resumed && saved.isEmpty()) {
            notes.add("this run's checkpoint has no data fingerprint (an older run); " + here + " is taken as given");
        } else if (resumed && !startedOn.equals(here)) {
            notes.add("the data moved from " + startedOn + " to " + here + "; the images are the same");
        }
        provenance = provenance.withData(here, now.toJson());
    }

    /** Trainable parameters of a block, for the run's summary line. */
    public static long parameterCount(Block block) {
        return StateDictLoader.namedParameters(block).values().stream().filter(Parameter::requiresGradient)
                .mapToLong(p -> p.getShape().size()).sum();
    }

    private static TrainingRun fresh(Request r) throws IOException {
        if (r.data() == null) {
            throw new IllegalArgumentException("a new run needs --data");
        }
        Path last = new GanTrainer.Layout(r.out()).last();
        if (Files.exists(last)) {
            throw new IllegalArgumentException(r.out() + " already holds a run (" + last.getFileName()
                    + "); continue it with --resume or choose another --out");
        }
        List<String> notes = new ArrayList<>();
        ObjectNode args = explicitArgs(r);
        if (!args.has("greyscale") && !args.has("transparent") && r.idxData()) {
            args.put("greyscale", true);
            notes.add("IDX data is grey: training a greyscale model");
        }
        RunConfig.Parsed parsed = RunConfig.fromTrainerArgs(args);
        if (!parsed.unknownKeys().isEmpty()) {
            notes.add("ignored options this trainer does not use: " + String.join(", ", parsed.unknownKeys()));
        }
        TrainingState state = TrainingState.create(parsed.config(), r.device().device());
        try {
            if (r.preTrained() != null) {
                // An official file is described by this run's options, except its model type, which its weights
                // tell (a painter loaded under a new U-Net model).
                ObjectNode sourceArgs = args.deepCopy();
                sourceArgs.remove("model_type");
                Checkpoint source = OfficialImporter.readEither(r.preTrained().file(), sourceArgs, notes);
                notes.addAll(PreTrainedWeights.load(source, state, r.preTrained().options()));
            }
            return new TrainingRun(state, r.data(), provenance(r, args), notes, false);
        } catch (IOException | RuntimeException e) {
            state.close();
            throw e;
        }
    }

    private static TrainingRun resume(Request r) throws IOException {
        Checkpoint checkpoint = Checkpoint.read(r.resume());
        if (!TrainingCheckpoints.isTrainingCheckpoint(checkpoint)) {
            throw new IllegalArgumentException(r.resume() + " is not a training checkpoint (no training state in "
                    + "meta.json); start a new run from it with --load-pre-trained instead");
        }
        Provenance provenance = checkpoint.meta().provenance();
        RunConfig saved = TrainingCheckpoints.config(checkpoint);
        ObjectNode savedArgs = saved.toTrainerArgs();
        ObjectNode wanted = savedArgs.deepCopy();
        wanted.setAll(explicitArgs(r));
        RunConfig config = RunConfig.fromTrainerArgs(wanted).config();
        List<String> differences = new ArrayList<>();
        ObjectNode configArgs = config.toTrainerArgs();
        for (Iterator<String> names = configArgs.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            JsonNode before = savedArgs.get(name);
            JsonNode now = configArgs.get(name);
            if (!RESUMABLE.contains(name) && !now.equals(before)) {
                differences.add(flag(name) + ": saved " + before + ", given " + now);
            }
        }
        if (r.preTrained() != null) {
            differences.addAll(preTrainedDifferences(provenance.loadPreTrained(), r.preTrained()));
        }
        if (!differences.isEmpty()) {
            throw new IllegalArgumentException("--resume continues " + r.resume() + " as it was started, and these "
                    + "options "
                    + "differ from it (only --num-train-steps, --save-every and --evaluate-every may change): "
                    + String.join("; ", differences));
        }
        Path data = r.data() != null ? r.data() : savedData(provenance, r.resume());
        TrainingState state = TrainingCheckpoints.restore(checkpoint, config, r.device().device());
        List<String> notes = new ArrayList<>();
        notes.add("resuming at step " + state.step() + " from " + r.resume());
        return new TrainingRun(state, data, provenance, notes, true);
    }

    /** The preset's options, then the config file's and the flags'. */
    private static ObjectNode explicitArgs(Request r) {
        ObjectNode args = r.preset() == null ? JsonNodeFactory.instance.objectNode()
                : TrainingPreset.parse(r.preset()).args();
        args.setAll(TrainingConfig.canonical(r.given()));
        return args;
    }

    private static List<String> preTrainedDifferences(Provenance.PreTrainedSource saved, PreTrained given)
            throws IOException {
        List<String> out = new ArrayList<>();
        String sha = Sha256.ofFile(given.file());
        if (saved == null) {
            out.add("--load-pre-trained: the run did not start from pre-trained weights, given " + given.file());
            return out;
        }
        if (!sha.equals(saved.sha256())) {
            out.add("--load-pre-trained: saved " + saved.file() + " (sha256 " + saved.sha256() + "), given "
                    + given.file() + " (sha256 " + sha + ")");
        }
        PreTrainedWeights.Options o = given.options();
        compare(out, "--reset-g-optimizer", saved.resetGOptimizer(), o.resetGOptimizer());
        compare(out, "--reset-d-optimizer", saved.resetDOptimizer(), o.resetDOptimizer());
        compare(out, "--load-only-g", saved.loadOnlyG(), o.loadOnlyG());
        if (!saved.generatorSection().equals(o.generatorSection())) {
            out.add("--pre-trained-use: saved " + Checkpoint.choiceOf(saved.generatorSection()) + ", given "
                    + Checkpoint.choiceOf(o.generatorSection()));
        }
        return out;
    }

    private static void compare(List<String> out, String flag, boolean saved, boolean given) {
        if (saved != given) {
            out.add(flag + ": saved " + saved + ", given " + given);
        }
    }

    private static Path savedData(Provenance provenance, Path checkpoint) {
        String data = provenance.data();
        if (data == null) {
            throw new IllegalArgumentException(checkpoint + " does not say which data it was trained on; give --data");
        }
        return Path.of(data);
    }

    private static Provenance provenance(Request r, JsonNode args) throws IOException {
        Provenance.PreTrainedSource pre = null;
        if (r.preTrained() != null) {
            PreTrainedWeights.Options o = r.preTrained().options();
            pre = new Provenance.PreTrainedSource(r.preTrained().file().toString(),
                    Sha256.ofFile(r.preTrained().file()), o.resetGOptimizer(), o.resetDOptimizer(), o.loadOnlyG(),
                    o.generatorSection());
        }
        return Provenance.trained(absolute(r.data()), r.preset(), pre, args);
    }

    /** The flag of an official option name: --num-train-steps for num_train_steps. */
    static String flag(String officialName) {
        return FLAG_NAMES.getOrDefault(officialName, "--" + officialName.replace('_', '-'));
    }

    private static String absolute(Path path) {
        return path.toAbsolutePath().normalize().toString();
    }
}
