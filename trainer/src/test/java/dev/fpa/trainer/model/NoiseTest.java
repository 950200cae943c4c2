package dev.fpa.trainer.model;

import dev.fpa.trainer.model.layers.StateDictLoader;
import dev.fpa.trainer.model.lightgan.Noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class NoiseTest {
    private static final float WEIGHT = 0.5f;

    @Test
    void addsTheGivenMapScaledToEveryChannel() {
        Noise noise = new Noise();
        try (NDManager manager = NDManager.newBaseManager()) {
            Shape shape = new Shape(2, 3, 4, 4);
            noise.initialize(manager, DataType.FLOAT32, shape);
            StateDictLoader.namedParameters(noise).get("weight").getArray().set(new float[] {WEIGHT});
            NDArray x = manager.randomNormal(shape);
            NDArray map = manager.randomNormal(new Shape(2, 1, 4, 4));
            NDArray y = noise.forward(new ParameterStore(manager, false), new NDList(x, map), false).head();
            assertArrayEquals(ModelChecks.values(x.add(map.mul(WEIGHT))), ModelChecks.values(y), 1e-6);
        }
    }

    /** Without a given map one is drawn per pixel and shared by the channels, in eval too. */
    @Test
    void drawsOneMapSharedByTheChannels() {
        Noise noise = new Noise();
        try (NDManager manager = NDManager.newBaseManager()) {
            Shape shape = new Shape(2, 3, 4, 4);
            noise.initialize(manager, DataType.FLOAT32, shape);
            StateDictLoader.namedParameters(noise).get("weight").getArray().set(new float[] {WEIGHT});
            NDArray x = manager.zeros(shape);
            NDArray added = noise.forward(new ParameterStore(manager, false), new NDList(x), false).head();
            double[] first = ModelChecks.values(added.get(":, 0"));
            assertArrayEquals(first, ModelChecks.values(added.get(":, 2")), 0);
            assertTrue(added.abs().sum().getFloat() > 0, "no noise was added");
        }
    }
}
