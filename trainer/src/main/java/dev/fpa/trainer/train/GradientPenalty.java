package dev.fpa.trainer.train;

import ai.djl.ndarray.NDArray;
import dev.fpa.trainer.model.Scalars;

/**
 * The discriminator's gradient penalty (DESIGN.md §7.2): with g the gradient of the summed real scores of both heads with
 * respect to the real batch before augmentation, weight · mean_b((‖g_b‖₂ − 1)²), g_b flattened per sample.
 */
public final class GradientPenalty {
    private final InputGradient inputGradient;
    private final double weight;

    public GradientPenalty(InputGradient inputGradient, double weight) {
        this.inputGradient = inputGradient;
        this.weight = weight;
    }

    /** @param scores a scalar computed from {@code reals}, which must require gradients */
    public NDArray of(NDArray scores, NDArray reals) {
        NDArray g = inputGradient.of(scores, reals);
        NDArray norms = g.reshape(g.getShape().get(0), -1).norm(new int[] {1});
        NDArray meanSquare = norms.sub(1).square().mean();
        return meanSquare.mul(Scalars.like(meanSquare, weight));
    }
}
