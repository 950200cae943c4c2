package dev.fpa.trainer.model.lightgan;

import dev.fpa.trainer.model.layers.TorchModule;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * Lightweight-GAN's Noise: x + w·n with a scalar {@code weight} w (initially 0) and one N(0, 1) map n per
 * sample and pixel, shared by all channels. Input (x) draws a fresh map, in eval too, as the original does;
 * input (x, n) with n of shape (B, 1, H, W) uses that map, so tests and exports can fix it.
 */
public final class Noise extends TorchModule {
    private final Parameter weight;

    public Noise() {
        this.weight = parameter("weight", Parameter.Type.WEIGHT, new Shape(1), Initializer.ZEROS);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String,
            Object> params) {
        NDArray x = inputs.head();
        Shape s = x.getShape();
        NDArray noise = inputs.size() > 1
                ? inputs.get(1)
                : x.getManager().randomNormal(0, 1, new Shape(s.get(0), 1, s.get(2), s.get(3)), x.getDataType());
        return new NDList(x.add(noise.mul(ps.getValue(weight, x.getDevice(), training))));
    }
}
