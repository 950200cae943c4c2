package dev.fpa.trainer.model;

import dev.fpa.trainer.model.layers.TorchConv2d;
import dev.fpa.trainer.model.layers.TorchLinear;
import dev.fpa.trainer.model.layers.TorchModule;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A small CNN classifier whose penultimate layer serves as a feature extractor for FID/KID on a dataset that
 * Inception does not describe well (Fashion-MNIST): 3×3 convolutions with ReLU and 2×2 max pooling, each
 * halving the side, then a ReLU linear layer of {@code featureDim} features and a linear head of logits.
 * Children are named conv0…, {@code features} and {@code head}, as a torch module would register them.
 */
public final class FeatureClassifier extends TorchModule {
    private final int channels;
    private final int imageSize;
    private final List<TorchConv2d> convs = new ArrayList<>();
    private final TorchLinear features;
    private final TorchLinear head;
    private final int featureDim;
    private final int classes;

    /** @param widths the output channels of the convolution stages, each followed by a 2×2 max pool */
    public FeatureClassifier(int channels, int imageSize, int[] widths, int featureDim, int classes) {
        if (imageSize % (1 << widths.length) != 0) {
            throw new IllegalArgumentException("image size " + imageSize + " does not halve " + widths.length
                    + " times");
        }
        this.channels = channels;
        this.imageSize = imageSize;
        this.featureDim = featureDim;
        this.classes = classes;
        int in = channels;
        for (int i = 0; i < widths.length; i++) {
            convs.add(addChildBlock("conv" + i, TorchConv2d.builder(in, widths[i], 3).padding(1).build()));
            in = widths[i];
        }
        int side = imageSize >> widths.length;
        features = addChildBlock("features", new TorchLinear(in * side * side, featureDim));
        head = addChildBlock("head", new TorchLinear(featureDim, classes));
    }

    public int channels() {
        return channels;
    }

    public int imageSize() {
        return imageSize;
    }

    public List<TorchConv2d> convolutions() {
        return Collections.unmodifiableList(convs);
    }

    public TorchLinear featureLayer() {
        return features;
    }

    public int classes() {
        return classes;
    }

    public int featureDim() {
        return featureDim;
    }

    /** Outputs the features (N, featureDim) and the logits (N, classes) of images in [0,1]. */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.head();
        for (TorchConv2d conv : convs) {
            x = Pool.maxPool2d(Activation.relu(conv.forward(ps, new NDList(x), training).head()), new Shape(2, 2),
                    new Shape(2, 2), new Shape(0, 0), false);
        }
        NDArray f = Activation.relu(features.forward(ps, new NDList(x.reshape(x.getShape().get(0), -1)), training)
                .head());
        return new NDList(f, head.forward(ps, new NDList(f), training).head());
    }
}
