package dev.fpa.trainer.model.layers;

import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Lightweight-GAN's DepthWiseConv2d as its attention builds it (bias = False): child {@code net}, a Sequential
 * of a per-channel k×k convolution (groups = in) and a 1×1 convolution in → out.
 */
public final class DepthWiseConv2d extends TorchModule {
    private final Sequential net;

    public DepthWiseConv2d(int in, int out, int kernel, int padding) {
        this.net = addChildBlock("net", new Sequential()
                .add(TorchConv2d.builder(in, in, kernel).padding(padding).groups(in).noBias().build())
                .add(TorchConv2d.builder(in, out, 1).noBias().build()));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String,
            Object> params) {
        return net.forward(ps, inputs, training, params);
    }
}
