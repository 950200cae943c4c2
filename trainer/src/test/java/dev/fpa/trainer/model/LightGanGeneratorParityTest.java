package dev.fpa.trainer.model;

import dev.fpa.trainer.model.layers.StateDictLoader;
import dev.fpa.trainer.model.lightgan.LightGanGenerator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The base generator against the official one (base_grey32), eval mode, with the stored noise maps. */
class LightGanGeneratorParityTest {
    private static final double TOLERANCE = 1e-4;

    @ParameterizedTest
    @ValueSource(strings = {"G", "GE"})
    void matchesTheOfficialGenerator(String which) throws IOException {
        FixtureSet fixture = FixtureSet.load("base_grey32");
        LightGanGenerator g = new LightGanGenerator(fixture.config());
        MaxErrors errors = new MaxErrors("base_grey32");
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray z = fixture.input("z", manager);
            g.initialize(manager, DataType.FLOAT32, z.getShape());
            StateDictLoader.load(g, fixture.gan(), which + ".");
            NDList inputs = new NDList(z);
            for (int k = 0; k < g.numLayers(); k++) {
                String name = LightGanGenerator.noiseName(k);
                NDArray noise = fixture.input(which + "_noise." + name, manager);
                noise.setName(name);
                inputs.add(noise);
            }
            NDArray out = g.forward(new ParameterStore(manager, false), inputs, false).head();
            errors.compare(which + "_out", out, fixture.expected(which + "_out"));
        }
        errors.assertWithin(TOLERANCE);
    }
}
