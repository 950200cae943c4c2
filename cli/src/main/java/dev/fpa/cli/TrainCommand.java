package dev.fpa.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fpa.trainer.data.DatasetLoader;
import dev.fpa.trainer.data.PreparedDataset;
import dev.fpa.trainer.engine.TorchDevice;
import dev.fpa.trainer.model.config.DiscriminatorConfig;
import dev.fpa.trainer.model.config.GeneratorConfig;
import dev.fpa.trainer.train.FidEvaluation;
import dev.fpa.trainer.train.GanTrainer;
import dev.fpa.trainer.train.PreTrainedWeights;
import dev.fpa.trainer.train.RunConfig;
import dev.fpa.trainer.train.TrainingConfig;
import dev.fpa.trainer.train.TrainingPreset;
import dev.fpa.trainer.train.TrainingRun;
import dev.fpa.trainer.train.TrainingState;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
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
                        + "with --calculate-fid-every, best.fpa (the lowest FID so far).",
                "Ctrl-C or SIGTERM once: the current step finishes, last.fpa is saved and fpa exits with code 130 "
                        + "(143 after SIGTERM; continue with the same command and --resume); twice: exit at once."})
final class TrainCommand implements Callable<Integer> {
    /** The device the run trains on, in words, once {@link #start} resolved it. */
    private String deviceDescription;

    @Option(names = "--data", paramLabel = "PATH",
            description = "Training images: an image folder (recursive) or a Fashion-MNIST/MNIST IDX folder or file. "
                    + "With --resume it may be left out (the run's own data), or name the same images elsewhere.")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the run writes.")
    Path out;

    @Option(names = "--preset", paramLabel = "NAME",
            description = "paper-celeba64 (the README's CelebA command) or cpu-small (32x32 grey, slim D, 2000 steps "
                    + "on a 2-core CPU).")
    String preset;

    @Option(names = "--resume", arity = "0..1", fallbackValue = "", paramLabel = "CKPT",
            description = "Continue the run exactly where its checkpoint stopped (default: OUT/last.fpa): run the "
                    + "same command line again with --resume, or give only --out. Options equal to the run's are "
                    + "fine; --num-train-steps, --save-every and --evaluate-every may change; any other that differs "
                    + "is refused, each named with its saved and given value.")
    String resume;

    @Option(names = "--load-pre-trained", paramLabel = "CKPT",
            description = "Start from another run's weights (fpa checkpoint, official .pt, or a painter's .onnx "
                    + "exported by fpa, such as a zoo model's): every tensor the new model has is loaded, e.g. a "
                    + "painter under a new U-Net; Adam states too unless reset (an .onnx holds none).")
    Path loadPreTrained;

    @Option(names = "--reset-g-optimizer", description = "With --load-pre-trained: start G's Adam afresh.")
    boolean resetGOptimizer;

    @Option(names = "--reset-d-optimizer", description = "With --load-pre-trained: start D's Adam afresh.")
    boolean resetDOptimizer;

    @Option(names = "--load-only-g", description = "With --load-pre-trained: a fresh D with a fresh optimizer.")
    boolean loadOnlyG;

    @Option(names = "--pre-trained-use", paramLabel = "g|ema",
            description = "With --load-pre-trained: which of its generators starts G. g (the official behaviour): G "
                    + "into G and GE into GE; the official EMA resets then put the trained painter under the "
                    + "U-Net that FID evaluates. ema: GE into both, so that a U-Net refines the EMA painter the "
                    + "painter's own model ships. Default: g.")
    String preTrainedUse;

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

    @Option(names = "--device", defaultValue = "auto", paramLabel = "auto|cpu|gpu[:i]",
            description = "Where libtorch trains: auto takes GPU 0 when libtorch sees one, else the CPU "
                    + "(default: ${DEFAULT-VALUE}).")
    String device;

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
        OutputGuard.of(spec).folder("--out", out).notInside("--data", data).check();
        PrintWriter console = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        GanTrainer.Layout layout = new GanTrainer.Layout(out);
        TrainingRun run = start(layout);
        Warnings.engine(err);
        TrainingState state = run.state();
        try {
            run.notes().forEach(n -> console.println("note: " + n));
            RunConfig config = state.config();
            PreparedDataset dataset = DatasetLoader.load(run.data(), source.toOptions(config.generator().imageSize(),
                    config.generator().channels()), new ConsoleProgress());
            Warnings.skippedFiles(err, dataset.skipped());
            int before = run.notes().size();
            try {
                run.admit(dataset);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            run.notes().subList(before, run.notes().size()).forEach(n -> console.println("note: " + n));
            describe(console, state, dataset, deviceDescription);
            if (!state.discriminator().hasReconstructionLoss()) {
                err.println("fpa: warning: at " + config.discriminator().imageSize() + "x"
                        + config.discriminator().imageSize() + " the discriminator's reconstruction loss is skipped "
                        + "(the official code fails there: it needs two residual stages)");
            }
            err.flush();
            try (GanTrainer trainer = new GanTrainer(state, dataset, out, run.provenance(), new ConsoleProgress(),
                    message -> {
                        err.println("fpa: warning: " + message);
                        err.flush();
                    }, fidEvaluation())) {
                state = null; // the trainer owns it now, and may replace it when it recovers from a NaN
                GanTrainer.Summary summary;
                int stoppedExitCode;
                String stoppedVerb;
                try (GracefulInterrupt interrupt = GracefulInterrupt.install(trainer::requestStop)) {
                    summary = trainer.run();
                    stoppedExitCode = interrupt.exitCode();
                    stoppedVerb = interrupt.verb();
                }
                if (summary.steps() == 0) {
                    console.printf("nothing to train: the run is at step %d, its --num-train-steps%n",
                            summary.lastStep());
                } else {
                    console.printf(Locale.ROOT, "trained steps %d to %d in %.1f s (%.0f ms/step%s)%n",
                            summary.firstStep(), summary.lastStep(), summary.seconds(), summary.millisPerStep(),
                            summary.recoveries() == 0 ? "" : ", " + summary.recoveries() + " NaN recoveries");
                }
                console.printf("checkpoint %s, metrics %s, plot %s, samples in %s%n", layout.last(),
                        layout.metrics(), layout.plot(), layout.samples());
                if (summary.stopped()) {
                    err.printf("fpa: %s after step %d; saved %s (run the same command with --resume to "
                            + "continue)%n", stoppedVerb, summary.lastStep(), layout.last());
                    err.flush();
                    return stoppedExitCode;
                }
            }
        } finally {
            if (state != null) {
                state.close();
            }
        }
        return 0;
    }

    /** A new run or the resumed one; a command line that contradicts the run it resumes is a usage error. */
    private TrainingRun start(GanTrainer.Layout layout) throws IOException {
        TrainingRun.PreTrained preTrained = null;
        if (loadPreTrained != null) {
            String generatorSection;
            try {
                generatorSection = PreTrainedWeights.sectionOf(preTrainedUse != null ? preTrainedUse : "g");
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            preTrained = new TrainingRun.PreTrained(loadPreTrained,
                    new PreTrainedWeights.Options(resetGOptimizer, resetDOptimizer, loadOnlyG, generatorSection));
        } else if (resetGOptimizer || resetDOptimizer || loadOnlyG || preTrainedUse != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--reset-g-optimizer, --reset-d-optimizer, "
                    + "--load-only-g and --pre-trained-use go with --load-pre-trained");
        }
        if (resume == null && data == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "a new run needs --data PATH");
        }
        try {
            if (preset != null) {
                TrainingPreset.parse(preset);
            }
            TorchDevice torchDevice = TorchDevice.resolve(device);
            deviceDescription = torchDevice.description();
            ObjectNode given = training.putGiven(model.toOfficialArgs());
            Path resumeFrom = resume == null ? null : resume.isEmpty() ? layout.last() : Path.of(resume);
            return TrainingRun.start(new TrainingRun.Request(out, data, preset, given,
                    data != null && source.isIdx(data), resumeFrom, preTrained, torchDevice));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
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

    private static void describe(PrintWriter console, TrainingState state, PreparedDataset dataset, String device) {
        GeneratorConfig g = state.config().generator();
        DiscriminatorConfig d = state.config().discriminator();
        TrainingConfig t = state.config().training();
        console.printf(Locale.ROOT, "%s %dx%d, %d channel(s): G %,d parameters, D %,d (fmap_max %d, attention %dx%d); "
                        + "on %s%n", g.modelType(), g.imageSize(), g.imageSize(), g.channels(),
                TrainingRun.parameterCount(state.generator()), TrainingRun.parameterCount(state.discriminator()),
                d.fmapMax(), d.attnHeads(), d.attnDimHead(), device);
        console.printf(Locale.ROOT, "data: %,d images; batch %d x %d accumulated; steps %d to %d; seed %d%n",
                dataset.count(), t.batchSize(), t.gradientAccumulateEvery(), state.step(), t.numTrainSteps(), t.seed());
        console.flush();
    }
}
