package dev.fpa.trainer.model;

import dev.fpa.trainer.model.unet.Unet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UNetTest {

    /** Counts of the official U-Net at S = 64, RGB (DESIGN.md §4.4). */
    @ParameterizedTest
    @CsvSource({"1, 717827", "2, 2225603", "4, 7985475", "8, 30482499"})
    void parameterCountsMatchTheOfficialModel(int maxUnetDim, long expected) {
        assertEquals(expected, ModelChecks.parameterCount(new Unet(64, 3, Unet.dimMultsUpTo(maxUnetDim))));
    }

    @Test
    void dimMultsArePowersOfTwoUpToTheMaximum() {
        assertArrayEquals(new int[] {1}, Unet.dimMultsUpTo(1));
        assertArrayEquals(new int[] {1, 2, 4}, Unet.dimMultsUpTo(4));
        assertArrayEquals(new int[] {1, 2, 4}, Unet.dimMultsUpTo(7));
    }

    /** Names, shapes and order of the checkpoint's G.u_net.* entries. */
    @ParameterizedTest
    @CsvSource({"v2unet_grey32, 2", "v2unet_grey32_bigW, 1"})
    void stateDictLayoutMatchesTheCheckpoint(String set, int maxUnetDim) throws IOException {
        Unet unet = new Unet(32, 1, Unet.dimMultsUpTo(maxUnetDim));
        var expected = ModelChecks.manifestShapes(FixtureSet.manifest(set), "G.u_net.");
        assertEquals(new ArrayList<>(expected.entrySet()),
                new ArrayList<>(ModelChecks.stateDictShapes(unet).entrySet()));
    }

    @Test
    void keepsTheImageShape() {
        Unet unet = new Unet(16, 3, new int[] {1, 2});
        try (NDManager manager = NDManager.newBaseManager()) {
            unet.initialize(manager, DataType.FLOAT32, new Shape(2, 3, 16, 16));
            NDArray x = manager.randomNormal(new Shape(2, 3, 16, 16));
            NDArray y = unet.forward(new ParameterStore(manager, false), new NDList(x), false).head();
            assertEquals(new Shape(2, 3, 16, 16), y.getShape());
            assertEquals(y.getShape(), unet.getOutputShapes(new Shape[] {x.getShape()})[0]);
        }
    }
}
