package dev.fpa.trainer.model;

import dev.fpa.trainer.model.config.GeneratorConfig;
import dev.fpa.trainer.model.layers.StateDictLoader;
import dev.fpa.trainer.model.lightgan.LightGanGenerator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LightGanGeneratorTest {
    private static final int OFFICIAL_HEADS = 8;
    private static final int OFFICIAL_DIM_HEAD = 64;
    private static final int TEST_SEED = 11;

    /** The baseline at the given sizes, built from a config as every caller builds it. */
    static LightGanGenerator base(int size, int latent, int channels, int fmapMax, int attnRes, int heads,
            int dimHead) {
        return new LightGanGenerator(GeneratorConfig.defaults().withOverrides(Map.of("model_type", "base",
                "image_size", size, "latent_dim", latent, "greyscale", channels == 1, "fmap_max", fmapMax,
                "attn_res_layers", List.of(attnRes), "attn_heads", heads, "attn_dim_head", dimHead)));
    }

    /** 64×64 RGB, latent 256, fmap_max 512, attention at 32 (DESIGN.md §4.6). */
    @Test
    void parameterCountMatchesTheOfficialModel() {
        LightGanGenerator g = base(64, 256, 3, 512, 32, OFFICIAL_HEADS, OFFICIAL_DIM_HEAD);
        assertEquals(20_988_039L, ModelChecks.parameterCount(g));
    }

    /** Names, shapes and order of the checkpoint's G.* entries, buffers included. */
    @Test
    void stateDictLayoutMatchesTheCheckpoint() throws IOException {
        LightGanGenerator g = base(32, 32, 1, 16, 32, 4, 8);
        var expected = ModelChecks.manifestShapes(FixtureSet.manifest("base_grey32"), "G.");
        assertEquals(new ArrayList<>(expected.entrySet()), new ArrayList<>(ModelChecks.stateDictShapes(g).entrySet()));
    }

    @Test
    void refusesSizesThatNeedSkipLayerExcitation() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> base(128, 256, 3, 512, 32, OFFICIAL_HEADS, OFFICIAL_DIM_HEAD));
        assertTrue(e.getMessage().contains("skip-layer excitation"), e.getMessage());
    }

    /**
     * A training step reaches every trainable parameter and moves the BatchNorm buffers. Seeded, so that the
     * weights and z do not depend on the tests that ran before; a failure names the loss and every parameter
     * without a gradient (one CI run saw none reach initial_conv, which 1,300 runs here never reproduced).
     */
    @Test
    void trainsWithGradientsAndBatchStatistics() {
        Engine.getInstance().setRandomSeed(TEST_SEED);
        LightGanGenerator g = base(16, 8, 1, 16, 8, 2, 4);
        try (NDManager manager = NDManager.newBaseManager()) {
            g.initialize(manager, DataType.FLOAT32, new Shape(3, 8));
            var parameters = StateDictLoader.namedParameters(g);
            float[] runningVarBefore = parameters.get("layers.1.0.4.running_var").getArray().toFloatArray();
            float loss;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray z = manager.randomNormal(new Shape(3, 8));
                NDArray y = g.forward(new ParameterStore(manager, false), new NDList(z), true).head();
                NDArray objective = y.square().mean();
                loss = objective.getFloat();
                collector.backward(objective);
            }
            List<String> withoutGradient = new ArrayList<>();
            parameters.forEach((name, p) -> {
                if (p.requiresGradient() && !(p.getArray().getGradient().abs().sum().getFloat() > 0)) {
                    withoutGradient.add(name);
                }
            });
            assertEquals(List.of(), withoutGradient, "parameters without a gradient at loss " + loss);
            assertFalse(Arrays.equals(runningVarBefore,
                    parameters.get("layers.1.0.4.running_var").getArray().toFloatArray()));
            assertEquals(1L, parameters.get("layers.1.0.4.num_batches_tracked").getArray().getLong());
        }
    }

    /** With attention at 16 the small net runs it; drawn noise keeps the output shape. */
    @Test
    void generatesImagesWithAttentionAndDrawnNoise() {
        LightGanGenerator g = base(32, 8, 3, 16, 16, 2, 4);
        try (NDManager manager = NDManager.newBaseManager()) {
            g.initialize(manager, DataType.FLOAT32, new Shape(2, 8));
            NDArray z = manager.randomNormal(new Shape(2, 8));
            NDArray y = g.forward(new ParameterStore(manager, false), new NDList(z), false).head();
            assertEquals(new Shape(2, 3, 32, 32), y.getShape());
        }
    }
}
