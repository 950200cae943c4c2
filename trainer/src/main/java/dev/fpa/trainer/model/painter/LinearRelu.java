package dev.fpa.trainer.model.painter;

import dev.fpa.trainer.model.layers.TorchLinear;
import dev.fpa.trainer.model.layers.TorchModule;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * {@code nn.Sequential(nn.Linear(in, out), nn.ReLU())}: the Linear is child "0", so its weights are
 * named {@code 0.weight} and {@code 0.bias} as in torch (the ReLU has none).
 */
final class LinearRelu extends TorchModule {
    private final TorchLinear linear;

    LinearRelu(int in, int out) {
        linear = addChildBlock("0", new TorchLinear(in, out));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String,
            Object> params) {
        return Activation.relu(linear.forward(ps, inputs, training));
    }
}
