package dev.fpa.trainer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/**
 * The TorchScript helper gives ∂(Σ out)/∂x with its graph, so that a loss on it reaches the parameters: for
 * out = Σ w x², the helper gives 2wx and ∂/∂w of Σ (2wx)² is 8wx², every step anew (no gradient left behind).
 */
class InputGradientTest {
    @Test
    void inputGradientKeepsItsGraphAndLeavesNoParameterGradientBehind() {
        float[] xs = {0.5f, -1f, 2f};
        float[] ws = {1f, 2f, 3f};
        try (NDManager m = NDManager.newBaseManager(); InputGradient inputGradient = InputGradient.load()) {
            NDArray w = m.create(ws);
            w.setRequiresGradient(true);
            for (int repeat = 0; repeat < 2; repeat++) {
                TorchGradients.zero(w);
                try (NDManager step = m.newSubManager();
                        GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray x = step.create(xs);
                    x.setRequiresGradient(true);
                    NDArray g = inputGradient.of(x.square().mul(w).sum(), x);
                    assertArrayEquals(new float[] {1f, -4f, 12f}, g.toFloatArray(), 1e-6f);
                    collector.backward(g.square().sum());
                }
                try (NDArray grad = TorchGradients.of(w)) {
                    assertArrayEquals(new float[] {2f, 16f, 96f}, grad.toFloatArray(), 1e-5f);
                }
            }
        }
    }
}
