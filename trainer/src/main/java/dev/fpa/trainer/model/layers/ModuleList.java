package dev.fpa.trainer.model.layers;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * torch.nn.ModuleList: a container whose children are named "0", "1", … by position. Like torch's it has no
 * forward; the owning model calls the children itself.
 */
public final class ModuleList extends TorchModule {
    private int size;

    public ModuleList add(Block block) {
        addChildBlock(Integer.toString(size++), block);
        return this;
    }

    /** A None entry: it takes an index but holds nothing, so later entries keep torch's numbering. */
    public ModuleList skip() {
        size++;
        return this;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String,
            Object> params) {
        throw new UnsupportedOperationException("a ModuleList has no forward; call its children");
    }
}
