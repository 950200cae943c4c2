package dev.fpa.trainer.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.function.Function;

/** torch.nn.Sequential: children named "0", "1", … by position, applied in turn. */
public final class Sequential extends TorchModule {

    public Sequential add(Block block) {
        addChildBlock(nextIndex(), block);
        return this;
    }

    /** A parameterless step (activation, GLU, …); it still takes its index, as in torch. */
    public Sequential add(Function<NDArray, NDArray> step) {
        addChildBlockSingleton(nextIndex(), step);
        return this;
    }

    private String nextIndex() {
        return Integer.toString(getChildren().size());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String,
            Object> params) {
        NDList x = inputs;
        for (Block child : getChildren().values()) {
            x = child.forward(ps, x, training, params);
        }
        return x;
    }
}
