package dev.fpa.trainer.model.layers;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** fn(ChanNorm(x)); children {@code fn} then {@code norm}, the official registration order. */
public final class PreNorm extends TorchModule {
    private final Block fn;
    private final ChanNorm norm;

    public PreNorm(int channels, Block fn) {
        this.fn = addChildBlock("fn", fn);
        this.norm = addChildBlock("norm", new ChanNorm(channels));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String,
            Object> params) {
        return fn.forward(ps, norm.forward(ps, inputs, training, params), training, params);
    }
}
