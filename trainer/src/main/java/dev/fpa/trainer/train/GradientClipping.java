package dev.fpa.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** torch.nn.utils.clip_grad_norm_ (2-norm over all the gradients together), the official clip and clip_rnn. */
final class GradientClipping {
    /** torch's guard against a zero norm. */
    private static final double EPS = 1e-6;

    private GradientClipping() {
    }

    static void clipNorm(Collection<Parameter> parameters, double maxNorm) {
        try (NDScope scope = new NDScope()) {
            List<NDArray> grads = new ArrayList<>();
            double squares = 0;
            for (Parameter p : parameters) {
                NDArray g = TorchGradients.of(p.getArray());
                if (g != null) {
                    grads.add(g);
                    squares += g.square().sum().getFloat();
                }
            }
            double coefficient = maxNorm / (Math.sqrt(squares) + EPS);
            if (coefficient < 1) {
                grads.forEach(g -> g.muli(coefficient));
            }
        }
    }
}
