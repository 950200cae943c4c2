package dev.fpa.trainer.train;

import ai.djl.ndarray.NDArray;
import dev.fpa.trainer.model.layers.Scalars;

/**
 * The discriminator's gradient penalty (DESIGN.md §7.2): with g the gradient of the summed real scores of both heads
 * with
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
        long batch = reals.getShape().get(0);
        return of(scores, reals, 0, batch, batch);
    }

    /**
     * The penalty's share from images {@code from} to {@code to} (exclusive) of a batch of {@code batch}, when
     * {@code scores} was computed from those images only: the shares of all parts add up to the whole penalty, since
     * the discriminator judges every image on its own.
     */
    public NDArray of(NDArray scores, NDArray reals, long from, long to, long batch) {
        NDArray g = inputGradient.of(scores, reals);
        NDArray rows = from == 0 && to == g.getShape().get(0) ? g : g.get(from + ":" + to);
        NDArray norms = rows.reshape(to - from, -1).norm(new int[] {1});
        NDArray sumSquare = norms.sub(1).square().sum();
        return sumSquare.mul(Scalars.like(sumSquare, weight / batch));
    }
}
