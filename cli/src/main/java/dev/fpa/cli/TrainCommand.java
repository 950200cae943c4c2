package dev.fpa.cli;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fpa.runtime.io.Sha256;
import dev.fpa.trainer.data.DatasetLoader;
import dev.fpa.trainer.data.PreparedDataset;
import dev.fpa.trainer.imports.OfficialImporter;
import dev.fpa.trainer.model.DiscriminatorConfig;
import dev.fpa.trainer.model.GeneratorConfig;
import dev.fpa.trainer.model.StateDictLoader;
import dev.fpa.trainer.train.Checkpoint;
import dev.fpa.trainer.train.FidEvaluation;
import dev.fpa.trainer.train.GanTrainer;
import dev.fpa.trainer.train.PreTrainedWeights;
import dev.fpa.trainer.train.RunConfig;
import dev.fpa.trainer.train.TrainingCheckpoints;
import dev.fpa.trainer.train.TrainingConfig;
import dev.fpa.trainer.train.TrainingPreset;
import dev.fpa.trainer.train.TrainingState;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fpa train}: trains a painter (or the LightGAN baseline) as the official code does, on DJL. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a GAN as the official fpainter code does: the lightweight-GAN discriminator, hinge "
                + "losses, the gradient penalty every 4th step, DiffAugment, Adam (0.5, 0.9), an EMA generator.",
                "Options take the official names in kebab case; a value comes from the first of: a flag, "
                        + "--config FILE, --preset, the official default.",
                "OUT receives last.fpa (the whole training state, written atomically every --save-every steps), "
                        + "metrics.jsonl, losses.png and samples/ (G and EMA grids every --evaluate-every steps), and "
                        + "with --calculate-fid-every, best.fpa (the lowest FID so far)."})
final class TrainCommand implements Callable<Integer> {
    /** Options that may change when a run continues: they say how long and how often, not what is trained. */
    private static final Set<String> RESUMABLE = Set.of("num_train_steps", "save_every", "evaluate_every");

    @Option(names = "--data", required = true, paramLabel = "PATH",
            description = "Training images: an image folder (recursive) or a Fashion-MNIST/MNIST IDX folder or file.")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the run writes.")
    Path out;

    @Option(names = "--preset", paramLabel = "NAME",
            description = "paper-celeba64 (the README's CelebA command) or cpu-small (32x32 grey, slim D, 2000 steps "
                    + "on a 2-core CPU).")
    String preset;

    @Option(names = "--resume", arity = "0..1", fallbackValue = "", paramLabel = "CKPT",
            description = "Continue the run exactly where its checkpoint stopped (default: OUT/last.fpa). Only "
                    + "--num-train-steps, --save-every and --evaluate-every may change.")
    String resume;

    @Option(names = "--load-pre-trained", paramLabel = "CKPT",
            description = "Start from another run's weights (fpa checkpoint or official .pt): every tensor the new "
                    + "model has is loaded, e.g. a painter under a new U-Net; Adam states too unless reset.")
    Path loadPreTrained;

    @Option(names = "--reset-g-optimizer", description = "With --load-pre-trained: start G's Adam afresh.")
    boolean resetGOptimizer;

    @Option(names = "--reset-d-optimizer", description = "With --load-pre-trained: start D's Adam afresh.")
    boolean resetDOptimizer;

    @Option(names = "--load-only-g", description = "With --load-pre-trained: a fresh D with a fresh optimizer.")
    boolean loadOnlyG;

    @Option(names = "--calculate-fid-every", defaultValue = "0", paramLabel = "N",
            description = "Every N steps (and at the end), FID of the EMA generator against --fid-ref, logged as "
                    + "'fid' in metrics.jsonl and plotted; OUT/best.fpa keeps the checkpoint with the lowest FID. 0: "
                    + "never (default: ${DEFAULT-VALUE}).")
    int calculateFidEvery;

    @Option(names = "--fid-ref", paramLabel = "STATS.npz",
            description = "Reference statistics from 'fpa stats', computed once (the official code recomputes them "
                    + "at every evaluation).")
    Path fidRef;

    @Option(names = "--fid-features", paramLabel = "MODEL",
            description = "The feature extractor the statistics were computed with, e.g. zoo:fmnist-features.")
    String fidFeatures;

    @Option(names = "--calculate-fid-num-images", defaultValue = "12800", paramLabel = "K",
            description = "Samples per FID evaluation, seeds 0..K-1 (default: ${DEFAULT-VALUE}, the official value).")
    int calculateFidNumImages;

    @Mixin
    ModelOptions model;

    @Mixin
    TrainingOptions training;

    @Mixin
    DataSourceOptions source;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter console = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        GanTrainer.Layout layout = new GanTrainer.Layout(out);
        TrainingState state;
        ObjectNode provenance;
        if (resume != null) {
            Checkpoint checkpoint = Checkpoint.read(resume.isEmpty() ? layout.last() : Path.of(resume));
            state = resumed(checkpoint);
            provenance = checkpoint.meta().path("source").isObject() ? (ObjectNode) checkpoint.meta().get("source")
                    : JsonNodeFactory.instance.objectNode();
            console.printf("resuming at step %d%n", state.step());
            String started = provenance.path("data").asText(null);
            if (started != null && !started.equals(absolute(data))) {
                err.println("fpa: warning: the run started on " + started + ", not " + absolute(data));
            }
        } else {
            if (Files.exists(layout.last())) {
                throw new CommandLine.ParameterException(spec.commandLine(), out + " already holds a run ("
                        + layout.last().getFileName() + "); continue it with --resume or choose another --out");
            }
            List<String> notes = new ArrayList<>();
            ObjectNode args = officialArgs(notes);
            state = fresh(args, notes);
            provenance = provenance(args);
            notes.forEach(n -> console.println("note: " + n));
        }
        try {
            RunConfig config = state.config();
            PreparedDataset dataset = DatasetLoader.load(data, source.toOptions(config.generator().imageSize(),
                    config.generator().channels()), new ConsoleProgress());
            Warnings.skippedFiles(err, dataset.skipped());
            describe(console, state, dataset);
            if (!state.discriminator().hasReconstructionLoss()) {
                err.println("fpa: warning: at " + config.discriminator().imageSize() + "x"
                        + config.discriminator().imageSize() + " the discriminator's reconstruction loss is skipped "
                        + "(the official code fails there: it needs two residual stages)");
            }
            err.flush();
            try (GanTrainer trainer = new GanTrainer(state, dataset, out, provenance, new ConsoleProgress(),
                    message -> {
                        err.println("fpa: warning: " + message);
                        err.flush();
                    }, fidEvaluation())) {
                state = null; // the trainer owns it now, and may replace it when it recovers from a NaN
                GanTrainer.Summary summary = trainer.run();
                console.printf(Locale.ROOT, "trained steps %d to %d in %.1f s (%.0f ms/step%s)%n", summary.firstStep(),
                        summary.lastStep(), summary.seconds(), summary.millisPerStep(),
                        summary.recoveries() == 0 ? "" : ", " + summary.recoveries() + " NaN recoveries");
                console.printf("checkpoint %s, metrics %s, plot %s, samples in %s%n", layout.last(),
                        layout.metrics(), layout.plot(), layout.samples());
            }
        } finally {
            if (state != null) {
                state.close();
            }
        }
        return 0;
    }

    /** Preset, then --config, then flags; IDX data makes the model grey unless told otherwise. */
    private ObjectNode officialArgs(List<String> notes) throws IOException {
        ObjectNode args = preset == null ? JsonNodeFactory.instance.objectNode() : parsePreset().args();
        args.setAll(model.toOfficialArgs());
        training.putGiven(args);
        if (!args.has("greyscale") && !args.has("transparent") && source.isIdx(data)) {
            args.put("greyscale", true);
            notes.add("IDX data is grey: training a greyscale model");
        }
        return args;
    }

    private TrainingPreset parsePreset() {
        try {
            return TrainingPreset.parse(preset);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--preset: " + e.getMessage());
        }
    }

    private TrainingState fresh(ObjectNode args, List<String> notes) throws IOException {
        RunConfig.Parsed parsed = RunConfig.fromTrainerArgs(args);
        if (!parsed.unknownKeys().isEmpty()) {
            notes.add("ignored options this trainer does not use: " + String.join(", ", parsed.unknownKeys()));
        }
        if (loadPreTrained == null && (resetGOptimizer || resetDOptimizer || loadOnlyG)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--reset-g-optimizer, --reset-d-optimizer and --load-only-g go with --load-pre-trained");
        }
        TrainingState state = TrainingState.create(parsed.config());
        if (loadPreTrained != null) {
            try {
                // An official file is described by this run's options, except its model type, which its weights
                // tell (a painter loaded under a new U-Net model).
                ObjectNode sourceArgs = args.deepCopy();
                sourceArgs.remove("model_type");
                Checkpoint source = OfficialImporter.readEither(loadPreTrained, sourceArgs, notes);
                notes.addAll(PreTrainedWeights.load(source, state,
                        new PreTrainedWeights.Options(resetGOptimizer, resetDOptimizer, loadOnlyG)));
            } catch (IOException | RuntimeException e) {
                state.close();
                throw e;
            }
        }
        return state;
    }

    /** The checkpoint's run, with only the options that say how long and how often changed. */
    private TrainingState resumed(Checkpoint checkpoint) throws IOException {
        ObjectNode given = TrainingConfig.canonical(training.putGiven(model.toOfficialArgs()));
        List<String> fixed = new ArrayList<>();
        given.fieldNames().forEachRemaining(name -> {
            if (!RESUMABLE.contains(name)) {
                fixed.add(name);
            }
        });
        if (!fixed.isEmpty() || preset != null || loadPreTrained != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--resume continues the run as it was "
                    + "configured; only --num-train-steps, --save-every and --evaluate-every may change (got "
                    + String.join(", ", fixed.isEmpty() ? List.of("--preset or --load-pre-trained") : fixed) + ")");
        }
        RunConfig saved = TrainingCheckpoints.config(checkpoint);
        RunConfig config = new RunConfig(saved.generator(), saved.discriminator(),
                saved.training().merged(given, new ArrayList<>()));
        return TrainingCheckpoints.restore(checkpoint, config);
    }

    private ObjectNode provenance(JsonNode args) throws IOException {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.put("kind", "fpa train");
        p.put("data", absolute(data));
        if (preset != null) {
            p.put("preset", preset);
        }
        if (loadPreTrained != null) {
            ObjectNode pre = p.putObject("load_pre_trained");
            pre.put("file", loadPreTrained.toString());
            pre.put("sha256", Sha256.ofFile(loadPreTrained));
            pre.put("reset_g_optimizer", resetGOptimizer);
            pre.put("reset_d_optimizer", resetDOptimizer);
            pre.put("load_only_g", loadOnlyG);
        }
        p.set("args", args);
        return p;
    }

    /** The FID evaluation the flags ask for, or null. */
    private FidEvaluation fidEvaluation() throws IOException {
        if (calculateFidEvery <= 0) {
            if (fidRef != null || fidFeatures != null) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--fid-ref and --fid-features go with --calculate-fid-every N");
            }
            return null;
        }
        if (fidRef == null || fidFeatures == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--calculate-fid-every needs --fid-ref STATS.npz and --fid-features MODEL (see 'fpa stats')");
        }
        return FidEvaluation.open(new FidEvaluation.Options(fidRef, fidFeatures, calculateFidEvery,
                calculateFidNumImages));
    }

    private static String absolute(Path path) {
        return path.toAbsolutePath().normalize().toString();
    }

    private static void describe(PrintWriter console, TrainingState state, PreparedDataset dataset) {
        GeneratorConfig g = state.config().generator();
        DiscriminatorConfig d = state.config().discriminator();
        TrainingConfig t = state.config().training();
        console.printf(Locale.ROOT, "%s %dx%d, %d channel(s): G %,d parameters, D %,d (fmap_max %d, attention %dx%d)%n",
                g.modelType(), g.imageSize(), g.imageSize(), g.channels(), parameters(state.generator()),
                parameters(state.discriminator()), d.fmapMax(), d.attnHeads(), d.attnDimHead());
        console.printf(Locale.ROOT, "data: %,d images; batch %d x %d accumulated; steps %d to %d; seed %d%n",
                dataset.count(), t.batchSize(), t.gradientAccumulateEvery(), state.step(), t.numTrainSteps(), t.seed());
        console.flush();
    }

    private static long parameters(Block block) {
        return StateDictLoader.namedParameters(block).values().stream().filter(Parameter::requiresGradient)
                .mapToLong(p -> p.getShape().size()).sum();
    }
}
