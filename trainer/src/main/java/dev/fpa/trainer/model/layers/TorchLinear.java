package dev.fpa.trainer.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * torch.nn.Linear: y = x·Wᵀ + b over the last axis, parameters {@code weight} (out, in) and
 * {@code bias} (out) with torch's default init.
 */
public final class TorchLinear extends TorchModule {
    private final Parameter weight;
    private final Parameter bias;

    public TorchLinear(int in, int out) {
        Shape weightShape = new Shape(out, in);
        weight = parameter("weight", Parameter.Type.WEIGHT, weightShape, TorchInit.defaultWeight());
        bias = parameter("bias", Parameter.Type.BIAS, new Shape(out), TorchInit.defaultBias(weightShape));
    }

    /** For models that re-initialise the weight, as the official custom_init_parameters do. */
    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String,
            Object> params) {
        NDArray x = inputs.head();
        return Linear.linear(x, ps.getValue(weight, x.getDevice(), training), ps.getValue(bias, x.getDevice(),
                training));
    }
}
