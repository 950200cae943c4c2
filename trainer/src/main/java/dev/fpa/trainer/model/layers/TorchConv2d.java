package dev.fpa.trainer.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * torch.nn.Conv2d: square kernel, symmetric zero padding, optional groups; parameters {@code weight}
 * (out, in/groups, k, k) and {@code bias} (out), with torch's default init.
 */
public final class TorchConv2d extends TorchModule {
    private final Shape stride;
    private final Shape padding;
    private final int groups;
    private final Parameter weight;
    private final Parameter bias;

    private TorchConv2d(Builder b) {
        if (b.in % b.groups != 0 || b.out % b.groups != 0) {
            throw new IllegalArgumentException("channels " + b.in + " -> " + b.out + " do not split into "
                    + b.groups + " groups");
        }
        this.stride = new Shape(b.stride, b.stride);
        this.padding = new Shape(b.padding, b.padding);
        this.groups = b.groups;
        Shape weightShape = new Shape(b.out, b.in / b.groups, b.kernel, b.kernel);
        this.weight = parameter("weight", Parameter.Type.WEIGHT, weightShape, TorchInit.defaultWeight());
        this.bias = b.bias
                ? parameter("bias", Parameter.Type.BIAS, new Shape(b.out), TorchInit.defaultBias(weightShape))
                : null;
    }

    /** A stride-1, unpadded, ungrouped convolution with bias until told otherwise. */
    public static Builder builder(int in, int out, int kernel) {
        return new Builder(in, out, kernel);
    }

    Parameter weight() {
        return weight;
    }

    public int stride() {
        return Math.toIntExact(stride.get(0));
    }

    public int padding() {
        return Math.toIntExact(padding.get(0));
    }

    public int groups() {
        return groups;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String,
            Object> params) {
        NDArray x = inputs.head();
        NDArray w = ps.getValue(weight, x.getDevice(), training);
        NDArray b = bias == null ? null : ps.getValue(bias, x.getDevice(), training);
        return Conv2d.conv2d(x, w, b, stride, padding, new Shape(1, 1), groups);
    }

    /** Options of torch's Conv2d constructor that the models use. */
    public static final class Builder {
        private final int in;
        private final int out;
        private final int kernel;
        private int stride = 1;
        private int padding;
        private int groups = 1;
        private boolean bias = true;

        private Builder(int in, int out, int kernel) {
            this.in = in;
            this.out = out;
            this.kernel = kernel;
        }

        public Builder stride(int value) {
            stride = value;
            return this;
        }

        public Builder padding(int value) {
            padding = value;
            return this;
        }

        public Builder groups(int value) {
            groups = value;
            return this;
        }

        public Builder noBias() {
            bias = false;
            return this;
        }

        public TorchConv2d build() {
            return new TorchConv2d(this);
        }
    }
}
