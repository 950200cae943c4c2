package dev.fpa.trainer.train;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.fpa.trainer.engine.TorchDevice;
import dev.fpa.trainer.export.FeatureClassifierExporter;
import java.util.Locale;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.fpa.runtime.progress.ProgressListener;
import dev.fpa.trainer.data.PreparedDataset;
import dev.fpa.trainer.model.FeatureClassifier;
import dev.fpa.trainer.model.layers.StateDictLoader;
import java.util.SplittableRandom;
import ai.djl.ndarray.types.DataType;

/**
 * Trains a {@link FeatureClassifier} with softmax cross-entropy and Adam on shuffled mini-batches with random
 * horizontal flips, and measures its accuracy on a held-out split.
 */
public final class ClassifierTraining {
    private static final int EVALUATION_BATCH = 1000;

    /** @param learningRate Adam's step size (betas 0.9, 0.999 as torch's defaults) */
    public record Options(int epochs, int batchSize, double learningRate, long seed) {
        public Options {
            if (epochs < 1 || batchSize < 1 || !(learningRate > 0)) {
                throw new IllegalArgumentException("epochs and batch size must be positive and the learning rate > 0");
            }
        }
    }

    /** Labelled images. */
    public record LabelledImages(PreparedDataset images, int[] labels) {
        public LabelledImages {
            if (images.count() != labels.length) {
                throw new IllegalArgumentException(images.count() + " images but " + labels.length + " labels");
            }
        }
    }

    public record Result(double testAccuracy, long steps, double seconds, double lastEpochLoss) {
    }

    /** A trained feature network and its ONNX form. */
    public record Exported(Result result, ModelProto model) {
    }

    /**
     * Trains {@code net} on {@code device}, refuses an accuracy below {@code minAccuracy}, and exports the network as
     * an ONNX feature extractor while its weights still live.
     *
     * @param source described in the model's metadata: where the data came from and how it was trained
     * @throws IllegalStateException if the test accuracy is below {@code minAccuracy}; nothing is exported then
     */
    public static Exported trainAndExport(FeatureClassifier net, TorchDevice device, LabelledImages train,
            LabelledImages test, Options options, ProgressListener progress, double minAccuracy, String source,
            String producerVersion) {
        try (NDManager manager = NDManager.newBaseManager(device.device())) {
            Result result = train(net, manager, train, test, options, progress);
            if (result.testAccuracy() < minAccuracy) {
                throw new IllegalStateException(String.format(Locale.ROOT, "test accuracy %.4f is below "
                        + "--min-accuracy %.4f; nothing written", result.testAccuracy(), minAccuracy));
            }
            return new Exported(result, FeatureClassifierExporter.export(net, result.testAccuracy(), source,
                    producerVersion));
        }
    }

    private ClassifierTraining() {
    }

    /** Initialises {@code net} from the seed on {@code manager}, trains it and returns its test accuracy. */
    public static Result train(FeatureClassifier net, NDManager manager, LabelledImages train, LabelledImages test,
                               Options options, ProgressListener progress) {
        Engine.getInstance().setRandomSeed((int) options.seed());
        net.initialize(manager, DataType.FLOAT32,
                new Shape(1, net.channels(), net.imageSize(), net.imageSize()));
        TorchAdam adam = new TorchAdam(StateDictLoader.namedParameters(net), name -> options.learningRate(), 0.9,
                0.999, 1e-8);
        PreparedDataset images = train.images();
        int n = images.count();
        int perEpoch = (n + options.batchSize() - 1) / options.batchSize();
        long start = System.nanoTime();
        SplittableRandom random = new SplittableRandom(options.seed());
        double epochLoss = Double.NaN;
        progress.start("training classifier", (long) perEpoch * options.epochs(), "it");
        for (int epoch = 0; epoch < options.epochs(); epoch++) {
            int[] order = BatchOrder.shuffled(n, random);
            double lossSum = 0;
            for (int b = 0; b < perEpoch; b++) {
                int from = b * options.batchSize();
                int count = Math.min(options.batchSize(), n - from);
                int[] indices = new int[count];
                boolean[] flip = new boolean[count];
                int[] labels = new int[count];
                for (int i = 0; i < count; i++) {
                    indices[i] = order[from + i];
                    flip[i] = random.nextBoolean();
                    labels[i] = train.labels()[indices[i]];
                }
                double loss = step(net, manager, adam, images, indices, flip, labels);
                if (!Double.isFinite(loss)) {
                    throw new IllegalStateException("the classifier's loss became " + loss + " in epoch "
                            + (epoch + 1) + "; try a smaller --learning-rate");
                }
                lossSum += loss * count;
                progress.advance(1);
                progress.status(String.format(Locale.ROOT, "epoch %d loss %.3f", epoch + 1, loss));
            }
            epochLoss = lossSum / n;
        }
        progress.finish();
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(accuracy(net, manager, test), (long) perEpoch * options.epochs(), seconds, epochLoss);
    }

    /** One Adam step on a mini-batch; returns the mean cross-entropy. */
    private static double step(FeatureClassifier net, NDManager manager, TorchAdam adam, PreparedDataset images,
                               int[] indices, boolean[] flip, int[] labels) {
        // Every array of the step lives on a manager closed with the step, so nothing piles up over an epoch.
        try (NDManager step = manager.newSubManager()) {
            NDArray x = batch(step, images, indices, flip);
            NDArray target = step.create(labels).oneHot(net.classes());
            adam.zeroGrad();
            double value;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits = logitsOf(net, step, x, true);
                NDArray loss = logits.logSoftmax(1).mul(target).sum().neg().div(indices.length);
                collector.backward(loss);
                value = loss.getFloat();
            }
            adam.step();
            return value;
        }
    }

    /** The share of {@code test} images whose largest logit is their label. */
    public static double accuracy(FeatureClassifier net, NDManager manager, LabelledImages test) {
        int n = test.images().count();
        long correct = 0;
        for (int from = 0; from < n; from += EVALUATION_BATCH) {
            int count = Math.min(EVALUATION_BATCH, n - from);
            int[] indices = new int[count];
            for (int i = 0; i < count; i++) {
                indices[i] = from + i;
            }
            try (NDManager step = manager.newSubManager()) {
                long[] predicted = logitsOf(net, step, batch(step, test.images(), indices, null), false).argMax(1)
                        .toLongArray();
                for (int i = 0; i < count; i++) {
                    if (predicted[i] == test.labels()[from + i]) {
                        correct++;
                    }
                }
            }
        }
        return (double) correct / n;
    }

    private static NDArray logitsOf(FeatureClassifier net, NDManager manager, NDArray x, boolean training) {
        return net.forward(new ParameterStore(manager, false), new NDList(x), training).get(1);
    }

    private static NDArray batch(NDManager manager, PreparedDataset images, int[] indices, boolean[] flip) {
        int c = images.channels();
        int s = images.size();
        float[] pixels = new float[indices.length * c * s * s];
        images.batch(indices, flip, pixels);
        return manager.create(pixels, new Shape(indices.length, c, s, s));
    }
}
