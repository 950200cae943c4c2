package dev.fpa.cli;

import dev.fpa.runtime.io.Sha256;
import dev.fpa.trainer.data.DatasetLoader;
import dev.fpa.trainer.data.DatasetOptions;
import dev.fpa.trainer.data.IdxLabels;
import dev.fpa.trainer.data.ImageFit;
import dev.fpa.trainer.data.PreparedDataset;
import dev.fpa.trainer.engine.TorchDevice;
import dev.fpa.trainer.export.OnnxExporter;
import dev.fpa.trainer.model.FeatureClassifier;
import dev.fpa.trainer.train.ClassifierTraining;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fpa train-features}: a small CNN classifier trained on a labelled IDX dataset, exported as a feature
 * extractor for {@code fpa stats} and {@code fpa fid}. Inception's features describe 32×32 grey garments poorly;
 * a network trained on them does better, as the paper's Fashion-MNIST FIDs need.
 */
@Command(name = "train-features", mixinStandardHelpOptions = true,
        description = {"Train a small CNN classifier on a labelled IDX dataset (Fashion-MNIST, MNIST) and export its "
                + "penultimate layer as an ONNX feature extractor for 'fpa stats' and 'fpa fid'.",
                "Images are prepared as for training painters (28x28 padded to --size); the accuracy on the t10k "
                        + "split is printed and stored in the model's metadata."})
final class TrainFeaturesCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "A folder with <split>-images-idx3-ubyte[.gz] and <split>-labels-idx1-ubyte[.gz] for the "
                    + "train and t10k splits.")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "FEATURES.onnx", description = "The ONNX file to write.")
    Path out;

    @Option(names = "--size", defaultValue = "32", paramLabel = "S",
            description = "Side of the images the extractor takes (default: ${DEFAULT-VALUE}, the painters' size).")
    int size;

    @Option(names = "--widths", defaultValue = "32,64,64", split = ",", paramLabel = "C1,C2,...",
            description = "Channels of the 3x3 convolution stages, each followed by 2x2 max pooling "
                    + "(default: ${DEFAULT-VALUE}).")
    int[] widths;

    @Option(names = "--feature-dim", defaultValue = "128", paramLabel = "D",
            description = "Size of the feature layer (default: ${DEFAULT-VALUE}).")
    int featureDim;

    @Option(names = "--epochs", defaultValue = "6", paramLabel = "E",
            description = "Passes over the training split (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", converter = Counts.Positive.class, defaultValue = "128", paramLabel = "B",
            description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--learning-rate", defaultValue = "1e-3", paramLabel = "LR",
            description = "Adam's learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "SEED",
            description = "Seed of the initialisation, shuffling and flips (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--min-accuracy", defaultValue = "0", paramLabel = "A",
            description = "Fail (and write nothing) when the test accuracy is below A, e.g. 0.9 (default: "
                    + "${DEFAULT-VALUE}).")
    double minAccuracy;

    @Option(names = "--device", defaultValue = "auto", paramLabel = "auto|cpu|gpu[:i]",
            description = "Where libtorch trains: auto takes GPU 0 when libtorch sees one, else the CPU "
                    + "(default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Where preprocessed datasets are kept (default: $XDG_CACHE_HOME/fpa/datasets or "
                    + "~/.cache/fpa/datasets).")
    Path cacheDir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OutputGuard.of(spec).file("--out", out).check();
        ClassifierTraining.Options options;
        TorchDevice torchDevice;
        try {
            options = new ClassifierTraining.Options(epochs, batchSize, learningRate, seed);
            torchDevice = TorchDevice.resolve(device);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter console = spec.commandLine().getOut();
        Warnings.engine(spec.commandLine().getErr());
        ConsoleProgress progress = new ConsoleProgress();
        ClassifierTraining.LabelledImages train = labelled("train", progress);
        ClassifierTraining.LabelledImages test = labelled("t10k", progress);
        console.printf("data: %,d training and %,d test images of %dx%d%n", train.labels().length,
                test.labels().length, size, size);
        console.flush();
        FeatureClassifier net = new FeatureClassifier(1, size, widths, featureDim, classes(train.labels()));
        ClassifierTraining.Exported trained;
        try {
            trained = ClassifierTraining.trainAndExport(net, torchDevice, train, test, options, progress, minAccuracy,
                    data.toAbsolutePath().normalize() + " (" + train.labels().length + " images, " + epochs
                            + " epochs, seed " + seed + ")", FpaCommand.Version.number());
        } catch (IllegalStateException e) {
            throw new IOException(e.getMessage(), e);
        }
        ClassifierTraining.Result result = trained.result();
        console.printf(Locale.ROOT, "trained %d epochs (%d steps) in %.0f s, last epoch loss %.4f; test accuracy "
                + "%.2f%%%n", epochs, result.steps(), result.seconds(), result.lastEpochLoss(),
                100 * result.testAccuracy());
        OnnxExporter.write(trained.model(), out);
        console.printf("wrote %s (%d features of %dx%d grey images), sha256 %s%n", out, featureDim, size, size,
                Sha256.ofFile(out));
        return 0;
    }

    private ClassifierTraining.LabelledImages labelled(String split, ConsoleProgress progress) throws IOException {
        DatasetOptions options = new DatasetOptions(size, 1, ImageFit.PAD, split,
                cacheDir != null ? cacheDir : DatasetOptions.defaultCacheDir());
        PreparedDataset images = DatasetLoader.load(data, options, progress);
        int[] labels = IdxLabels.read(data, split);
        if (labels.length != images.count()) {
            throw new IOException(data + ": the " + split + " split has " + images.count() + " images but "
                    + labels.length + " labels");
        }
        return new ClassifierTraining.LabelledImages(images, labels);
    }

    private static int classes(int[] labels) {
        return Arrays.stream(labels).max().orElse(0) + 1;
    }
}
