package dev.fpa.trainer.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** Lightweight-GAN's SumBranches: the sum of its branches applied to the same input; child {@code branches}. */
public final class SumBranches extends TorchModule {
    private final ModuleList branches;

    public SumBranches(Block... branches) {
        this.branches = addChildBlock("branches", new ModuleList());
        for (Block branch : branches) {
            this.branches.add(branch);
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String,
            Object> params) {
        return Transients.released(inputs, in -> {
            NDArray sum = null;
            for (Block branch : branches.getChildren().values()) {
                NDArray y = branch.forward(ps, in, training, params).head();
                sum = sum == null ? y : sum.add(y);
            }
            return new NDList(sum);
        });
    }
}
