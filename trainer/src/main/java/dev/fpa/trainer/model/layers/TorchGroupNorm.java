package dev.fpa.trainer.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * torch.nn.GroupNorm (affine, eps 1e-5), which DJL lacks: each sample's channels split into groups that are
 * normalised with their biased mean and variance, then scaled by {@code weight} and shifted by {@code bias} (C).
 */
public final class TorchGroupNorm extends TorchModule {
    public static final double EPS = 1e-5;

    private final int groups;
    private final Parameter weight;
    private final Parameter bias;

    public TorchGroupNorm(int groups, int channels) {
        if (channels % groups != 0) {
            throw new IllegalArgumentException(channels + " channels do not split into " + groups + " groups");
        }
        this.groups = groups;
        this.weight = parameter("weight", Parameter.Type.GAMMA, new Shape(channels), Initializer.ONES);
        this.bias = parameter("bias", Parameter.Type.BETA, new Shape(channels), Initializer.ZEROS);
    }

    public int groups() {
        return groups;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String,
            Object> params) {
        NDArray x = inputs.head();
        int[] groupAxis = {2};
        NDArray grouped = x.reshape(x.getShape().get(0), groups, -1);
        NDArray centred = grouped.sub(grouped.mean(groupAxis, true));
        NDArray variance = centred.square().mean(groupAxis, true);
        NDArray normalised = centred.div(variance.add(EPS).sqrt()).reshape(x.getShape());
        NDArray w = channelMap(ps.getValue(weight, x.getDevice(), training), x);
        NDArray b = channelMap(ps.getValue(bias, x.getDevice(), training), x);
        return new NDList(normalised.mul(w).add(b));
    }
}
