package dev.fpa.trainer.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * Per-pixel normalisation over channels (DESIGN.md §2.2): (x − mean_c)/√(var_c + eps)·g + b with the biased
 * variance; {@code g}, {@code b} of shape (1, C, 1, 1). Lightweight-GAN's ChanNorm and the U-Net's LayerNorm.
 */
public final class ChanNorm extends TorchModule {
    public static final double EPS = 1e-5;

    private final Parameter g;
    private final Parameter b;

    public ChanNorm(int channels) {
        Shape shape = new Shape(1, channels, 1, 1);
        this.g = parameter("g", Parameter.Type.GAMMA, shape, Initializer.ONES);
        this.b = parameter("b", Parameter.Type.BETA, shape, Initializer.ZEROS);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String,
            Object> params) {
        return Transients.released(inputs, in -> normalise(ps, in, training));
    }

    private NDList normalise(ParameterStore ps, NDList inputs, boolean training) {
        NDArray x = inputs.head();
        int[] channelAxis = {1};
        NDArray centred = x.sub(x.mean(channelAxis, true));
        NDArray variance = centred.square().mean(channelAxis, true);
        NDArray normalised = centred.div(variance.add(EPS).sqrt());
        return new NDList(normalised.mul(ps.getValue(g, x.getDevice(), training))
                .add(ps.getValue(b, x.getDevice(), training)));
    }
}
