package dev.fpa.trainer.model.layers;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** x + fn(x); child {@code fn}. */
public final class Residual extends TorchModule {
    private final Block fn;

    public Residual(Block fn) {
        this.fn = addChildBlock("fn", fn);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String,
            Object> params) {
        return Transients.released(inputs,
                in -> new NDList(in.head().add(fn.forward(ps, in, training, params).head())));
    }
}
