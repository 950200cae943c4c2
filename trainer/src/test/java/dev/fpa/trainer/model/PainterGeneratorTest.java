package dev.fpa.trainer.model;

import dev.fpa.trainer.model.config.GeneratorConfig;
import dev.fpa.trainer.model.layers.StateDictLoader;
import dev.fpa.trainer.model.layers.TorchConv2d;
import dev.fpa.trainer.model.painter.LstmDeltaGenerator;
import dev.fpa.trainer.model.painter.LstmDeltaSplitV2Generator;
import dev.fpa.trainer.model.painter.PaintTrace;
import dev.fpa.trainer.model.painter.PainterGenerator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Behaviour the fixture sets do not cover: intermediate images, U-Net flags, learned init, optional layers. */
class PainterGeneratorTest {
    private static final int BATCH = 2;
    private static final GeneratorConfig TINY = GeneratorConfig.small().withOverrides(Map.of(
            "image_size", 8, "latent_dim", 6, "rnn_hidden_size", 5, "num_decoding_steps", 8,
            "mini_latent_dim", 2, "mini_input_size", 3));

    @Test
    void intermediateImagesAreTheScaledSnapshotsThenTheFinalImage() {
        for (boolean scale : new boolean[] {true, false}) {
            int n = 4;
            GeneratorConfig config = TINY.withOverrides(Map.of("use_intermed_loss", n, "scale_intermed_loss", scale));
            try (NDManager manager = NDManager.newBaseManager()) {
                PainterGenerator g = initialised(config, manager);
                ParameterStore ps = new ParameterStore(manager, false);
                NDArray z = manager.randomNormal(new Shape(BATCH, config.latentDim()));
                NDArray images = g.trainingOutputs(ps, z, false);
                PaintTrace trace = g.trace(ps, z);

                assertEquals(new Shape(n * BATCH, 1, 8, 8), images.getShape());
                int steps = config.numDecodingSteps();
                for (int j = 1; j < n; j++) {
                    NDArray snapshot = trace.fastWeights().get(j * steps / n).mul(scale ? (float) n / j : 1f).tanh();
                    assertClose(snapshot, images.get((j - 1) * BATCH + ":" + j * BATCH), 1e-6);
                }
                assertClose(trace.output(), images.get((n - 1) * BATCH + ":"), 0);
            }
        }
    }

    @Test
    void withoutIntermediateLossTrainingSeesTheFinalImages() {
        try (NDManager manager = NDManager.newBaseManager()) {
            PainterGenerator g = initialised(TINY, manager);
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray z = manager.randomNormal(new Shape(BATCH, TINY.latentDim()));
            assertClose(g.forward(ps, new NDList(z), false).singletonOrThrow(), g.trainingOutputs(ps, z, false), 0);
        }
    }

    @Test
    void unetStageAppliesUnetTanhPreUnetLossAndTheStepColumns() {
        GeneratorConfig config = TINY.withOverrides(Map.of("model_type", "lstm_delta_split_v2_unet",
                "unet_tanh", true, "use_pre_unet_loss", true));
        try (NDManager manager = NDManager.newBaseManager()) {
            TorchConv2d unet = TorchConv2d.builder(1, 1, 1).build();
            PainterGenerator g = new LstmDeltaSplitV2Generator(config, unet);
            g.initialize(manager);
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray z = manager.randomNormal(new Shape(BATCH, config.latentDim()));
            NDArray painted = g.trace(ps, z).finalFastWeights();

            NDArray refined = unet.forward(ps, new NDList(painted.tanh()), false).singletonOrThrow();
            assertClose(refined.tanh(), g.forward(ps, new NDList(z), false).singletonOrThrow(), 1e-6);
            assertClose(painted.concat(refined, 0).tanh(), g.trainingOutputs(ps, z, false), 1e-6);

            int steps = config.numDecodingSteps();
            NDArray columns = g.generateSteps(ps, z);
            assertEquals(new Shape(BATCH, 2 * steps + 2, 1, 8, 8), columns.getShape());
            NDArray rawRefined = unet.forward(ps, new NDList(painted), false).singletonOrThrow();
            assertClose(painted.sub(rawRefined).tanh(), columns.get(":, " + steps), 1e-6);
            assertClose(rawRefined.tanh(), columns.get(":, " + (2 * steps + 1)), 1e-6);
        }
    }

    @Test
    void stopGradUnetKeepsGradientsOutOfThePainter() {
        for (boolean stop : new boolean[] {true, false}) {
            GeneratorConfig config = TINY.withOverrides(Map.of("model_type", "lstm_delta_split_v2_unet",
                    "stop_grad_unet", stop));
            try (NDManager manager = NDManager.newBaseManager()) {
                PainterGenerator g = new LstmDeltaSplitV2Generator(config, TorchConv2d.builder(1, 1, 1).build());
                g.initialize(manager);
                Map<String, Parameter> params = StateDictLoader.namedParameters(g);
                try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
                    NDArray z = manager.randomNormal(new Shape(BATCH, config.latentDim()));
                    NDArray out = g.forward(new ParameterStore(manager, false), new NDList(z), true).singletonOrThrow();
                    collector.backward(out.sum());
                }
                float painterGradient = params.get("kvb_net.weight").getArray().getGradient().abs().sum().getFloat();
                float unetGradient = params.get("u_net.weight").getArray().getGradient().abs().sum().getFloat();
                assertEquals(stop, painterGradient == 0, "painter gradient " + painterGradient);
                assertTrue(unetGradient > 0);
            }
        }
    }

    @Test
    void frozenBaseFreezesEverythingButTheUnet() {
        GeneratorConfig config = TINY.withOverrides(Map.of("model_type", "lstm_delta_split_v2_unet",
                "frozen_base", true, "use_pos_enc", true));
        PainterGenerator g = new LstmDeltaSplitV2Generator(config, TorchConv2d.builder(1, 1, 1).build());
        StateDictLoader.namedParameters(g).forEach((name, p) ->
                assertEquals(name.startsWith("u_net."), p.requiresGradient(), name));
    }

    @Test
    void learnedInitIsTheStartWhenTheRatesAreZero() {
        GeneratorConfig config = TINY.withOverrides(Map.of("model_type", "lstm_delta", "use_learned_init", true,
                "out_tanh", false));
        try (NDManager manager = NDManager.newBaseManager()) {
            PainterGenerator g = initialised(config, manager);
            Map<String, Parameter> params = StateDictLoader.namedParameters(g);
            // Rate logits of -1e4 make every sigmoid(β) exactly 0, so no update changes W_0.
            String rateRows = 2 * config.imageSize() + ":";
            params.get("kvb_net.weight").getArray().set(new NDIndex(rateRows), 0f);
            params.get("kvb_net.bias").getArray().set(new NDIndex(rateRows), -1e4f);
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray z = manager.randomNormal(new Shape(BATCH, config.latentDim()));
            NDArray out = g.forward(ps, new NDList(z), false).singletonOrThrow();
            NDArray learned = params.get("learned_init").getArray();
            for (int b = 0; b < BATCH; b++) {
                assertClose(learned, out.get(b), 0);
            }
        }
    }

    @Test
    void optionalLayersTakeTheirOfficialNamesAndShapes() {
        GeneratorConfig v2 = TINY.withOverrides(Map.of("use_pos_enc", true, "wide_out_dim", 4, "num_layers", 2,
                "vect_lr", true, "val_tanh", true, "no_sigmoid_lr", true));
        PainterGenerator g = GeneratorFactory.createPainter(v2);
        Map<String, Parameter> params = StateDictLoader.namedParameters(g);
        assertEquals(List.of("decoder_time_enc", "latent_to_init.weight", "latent_to_init.bias",
                "input_generator.weight",
                "input_generator.bias", "per_time_linear_input.weight", "per_time_linear_input.bias",
                "decoder_rnn.weight_ih_l0", "decoder_rnn.weight_hh_l0", "decoder_rnn.bias_ih_l0",
                "decoder_rnn.bias_hh_l0", "decoder_rnn.weight_ih_l1", "decoder_rnn.weight_hh_l1",
                "decoder_rnn.bias_ih_l1", "decoder_rnn.bias_hh_l1", "wide_net.0.weight", "wide_net.0.bias",
                "kvb_net.weight", "kvb_net.bias"), List.copyOf(params.keySet()));
        assertEquals(new Shape(8, 3), params.get("decoder_time_enc").getShape());
        assertEquals(new Shape(2 * 5 * 2, 6), params.get("latent_to_init.weight").getShape());
        assertEquals(new Shape(4 * 5, 5), params.get("decoder_rnn.weight_ih_l1").getShape());
        assertEquals(new Shape(3 * 8, 4), params.get("kvb_net.weight").getShape());
        try (NDManager manager = NDManager.newBaseManager()) {
            g.initialize(manager);
            NDArray z = manager.randomNormal(new Shape(BATCH, v2.latentDim()));
            NDArray out = g.forward(new ParameterStore(manager, false), new NDList(z), false).singletonOrThrow();
            assertEquals(new Shape(BATCH, 1, 8, 8), out.getShape());
            assertFalse(Float.isNaN(out.sum().getFloat()));
        }

        GeneratorConfig v1 = v2.withOverrides(Map.of("model_type", "lstm_delta", "use_learned_init", true));
        List<String> v1Names = List.copyOf(StateDictLoader.namedParameters(GeneratorFactory.createPainter(v1))
                .keySet());
        assertEquals(List.of("decoder_time_enc", "learned_init", "latent_to_init.weight"), v1Names.subList(0, 3));
    }

    @Test
    void v1UnetTypeIgnoresTheValueRateAndWidthOptions() {
        GeneratorConfig config = TINY.withOverrides(Map.of("model_type", "lstm_delta_unet", "vect_lr", true,
                "wide_out_dim", 4, "max_unet_dim", 1));
        Map<String, Parameter> params = StateDictLoader.namedParameters(GeneratorFactory.createPainter(config));
        assertEquals(new Shape(2 * 8 + 1, 5), params.get("kvb_net.weight").getShape());
        assertFalse(params.keySet().stream().anyMatch(name -> name.startsWith("wide_net.")));
        assertTrue(params.containsKey("u_net.final_conv.weight"));
        assertEquals(List.of("latent_to_init.weight", "latent_to_init.bias", "decoder_rnn.weight_ih_l0"),
                List.copyOf(params.keySet()).subList(0, 3));
    }

    /** Everything a call computes, parameter-derived arrays included, must go with the latents' manager. */
    @Test
    void leavesNothingOnTheModelsManager() {
        List<GeneratorConfig> configs = List.of(
                TINY.withOverrides(Map.of("use_pos_enc", true, "wide_out_dim", 4, "use_intermed_loss", 2)),
                TINY.withOverrides(Map.of("model_type", "lstm_delta", "use_pos_enc", true, "use_learned_init", true)),
                TINY.withOverrides(Map.of("model_type", "lstm_delta_split_v2_unet", "max_unet_dim", 1,
                        "unet_tanh", true, "use_pre_unet_loss", true)));
        for (GeneratorConfig config : configs) {
            try (NDManager manager = NDManager.newBaseManager()) {
                PainterGenerator g = initialised(config, manager);
                ParameterStore ps = new ParameterStore(manager, false);
                int before = manager.getManagedArrays().size();
                try (NDManager call = manager.newSubManager()) {
                    NDArray z = call.randomNormal(new Shape(BATCH, config.latentDim()));
                    g.forward(ps, new NDList(z), false);
                    g.trainingOutputs(ps, z, false);
                    g.trace(ps, z);
                    g.generateSteps(ps, z);
                }
                assertEquals(before, manager.getManagedArrays().size(), config.modelType());
            }
        }
    }

    @Test
    void refusesModelTypesItCannotBuild() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GeneratorFactory.createPainter(TINY.withOverrides(Map.of("model_type", "lstm_sum"))));
        assertTrue(e.getMessage().contains("lstm_delta_split_v2_unet"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LstmDeltaGenerator(TINY, null));
    }

    private static PainterGenerator initialised(GeneratorConfig config, NDManager manager) {
        PainterGenerator g = GeneratorFactory.createPainter(config);
        g.initialize(manager);
        return g;
    }

    private static void assertClose(NDArray expected, NDArray actual, double tolerance) {
        assertEquals(expected.getShape(), actual.getShape());
        double error = expected.sub(actual).abs().max().getFloat();
        assertTrue(error <= tolerance, "max abs error " + error + " > " + tolerance);
    }
}
