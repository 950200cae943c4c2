package dev.fpa.trainer.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;

/** GLU over channels (DESIGN.md §2.2): halves a, b of dim 1 give a ⊙ σ(b). */
public final class Glu {

    private Glu() {
    }

    public static NDArray apply(NDArray x) {
        NDList halves = x.split(2, 1);
        return halves.get(0).mul(Activation.sigmoid(halves.get(1)));
    }
}
