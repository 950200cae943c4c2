package dev.fpa.trainer.model.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.LambdaBlock;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class TransientsTest {

    /**
     * DJL's {@code NDArray.equals} compares contents, so an output that merely equals its input in value (a residual
     * branch that adds zeros, or adds less than half an ulp) was taken for the input, left on the scratch manager
     * and closed with it: the next block then found its input's manager closed, a failure that depended on the
     * values of the weights.
     */
    @Test
    void anOutputEqualInValueToItsInputSurvivesTheBlock() {
        Residual addsZeros = new Residual(new LambdaBlock(in -> new NDList(in.head().mul(0))));
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(new float[] {1, 2, 3});
            NDArray y = addsZeros.forward(new ParameterStore(manager, false), new NDList(x), false).head();
            assertFalse(y.isReleased(), "the output was closed with the block's scratch manager");
            assertSame(manager, y.getManager());
            assertTrue(manager.isOpen());
            assertArrayEquals(new float[] {1, 2, 3}, y.toFloatArray());
            assertFalse(x.isReleased(), "the input must stay the caller's");
            assertSame(manager, x.getManager());
        }
    }
}
