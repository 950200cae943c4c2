package dev.fpa.trainer.model;

import dev.fpa.trainer.model.config.GeneratorConfig;
import dev.fpa.trainer.model.layers.StateDictLoader;
import dev.fpa.trainer.model.painter.PainterGenerator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Parameter names, order, shapes and counts against the spec (§4, §9) and the fixture manifests. */
class GeneratorStructureTest {

    @Test
    void paperPainterHasTheSpecCounts() {
        PainterGenerator g = GeneratorFactory.createPainter(GeneratorConfig.paper());
        assertEquals(6_437_891, g.parameterCount());
        // The spec's split: latent_to_init, input_generator, per_time_linear_input, LSTM, kvb_net.
        assertEquals(List.of(1_050_624L, 262_656L, 1_152L, 4_726_784L, 396_675L), countsByModule(g));
    }

    @Test
    void paperPainterWith16StepsHasTheSpecCount() {
        GeneratorConfig config = GeneratorConfig.paper().withOverrides(Map.of("num_decoding_steps", 16));
        assertEquals(6_240_899, GeneratorFactory.createPainter(config).parameterCount());
    }

    @Test
    void v1PainterHasTheSpecCounts() {
        GeneratorConfig config = GeneratorConfig.defaults().withOverrides(Map.of(
                "model_type", "lstm_delta", "image_size", 64, "rnn_hidden_size", 1024, "latent_dim", 512));
        assertEquals(7_746_947, GeneratorFactory.createPainter(config).parameterCount());
        GeneratorConfig latent256 = config.withOverrides(Map.of("latent_dim", 256));
        assertEquals(6_174_083, GeneratorFactory.createPainter(latent256).parameterCount());
    }

    @Test
    void unetPainterHasTheSpecCounts() {
        GeneratorConfig config = GeneratorConfig.paper().withOverrides(Map.of("model_type",
                "lstm_delta_split_v2_unet"));
        PainterGenerator g = GeneratorFactory.createPainter(config);
        assertEquals(14_423_366, g.parameterCount());
        long unet = StateDictLoader.namedParameters(g).entrySet().stream().filter(e -> e.getKey().startsWith("u_net."))
                .mapToLong(e -> e.getValue().getShape().size()).sum();
        assertEquals(7_985_475, unet);
    }

    @Test
    void initialisationsFollowTheOfficialCode() {
        GeneratorConfig config = GeneratorConfig.paper();
        try (NDManager manager = NDManager.newBaseManager()) {
            PainterGenerator g = GeneratorFactory.createPainter(config);
            g.initialize(manager);
            Map<String, Parameter> p = StateDictLoader.namedParameters(g);
            double lstmBound = 1 / Math.sqrt(config.rnnHiddenSize());
            double kvbBound = 1 / Math.sqrt(config.channels() * (2 * config.imageSize() + 1));
            double latentBound = 1 / Math.sqrt(config.latentDim());
            assertUniform(p.get("decoder_rnn.weight_hh_l0"), lstmBound);
            assertUniform(p.get("decoder_rnn.bias_ih_l0"), lstmBound);
            assertUniform(p.get("kvb_net.weight"), kvbBound);
            assertUniform(p.get("kvb_net.bias"), kvbBound);
            assertUniform(p.get("latent_to_init.weight"), latentBound);
            assertUniform(p.get("input_generator.bias"), latentBound);
            // Kaiming normal over fan-in 8: std 0.5.
            assertEquals(0.5, std(p.get("per_time_linear_input.weight")), 0.05);
        }
        GeneratorConfig v1 = config.withOverrides(Map.of("model_type", "lstm_delta"));
        try (NDManager manager = NDManager.newBaseManager()) {
            PainterGenerator g = GeneratorFactory.createPainter(v1);
            g.initialize(manager);
            Parameter latentToInit = StateDictLoader.namedParameters(g).get("latent_to_init.weight");
            assertEquals(Math.sqrt(2.0 / v1.latentDim()), std(latentToInit), 0.002);
        }
    }

    /** U(±bound): nothing outside, and the extremes close to it. */
    private static void assertUniform(Parameter p, double bound) {
        NDArray a = p.getArray();
        double max = a.abs().max().getFloat();
        assertTrue(max <= bound && max > 0.95 * bound, p.getName() + ": max |w| " + max + " for bound " + bound);
        assertEquals(bound / Math.sqrt(3), std(p), 0.1 * bound);
    }

    private static double std(Parameter p) {
        NDArray a = p.getArray();
        return a.sub(a.mean()).square().mean().sqrt().getFloat();
    }

    /** The manifests list G.parameters() in order, which is also the optimizer-state order. */
    @ParameterizedTest
    @ValueSource(strings = {"v2_grey32", "v2_rgb16_plain", "v1_grey32", "v2unet_grey32", "v2unet_grey32_bigW"})
    void parametersFollowTheOfficialOrderAndShapes(String set) throws IOException {
        FixtureSet fixture = FixtureSet.load(set);
        List<String> expected = new ArrayList<>();
        for (JsonNode entry : fixture.manifest().get("G_param_names")) {
            expected.add(entry.get(0).asText() + " " + entry.get(1));
        }
        List<String> actual = new ArrayList<>();
        StateDictLoader.namedParameters(GeneratorFactory.create(fixture.config())).forEach((name, p) ->
                actual.add(name + " " + Arrays.toString(p.getShape().getShape()).replace(" ", "")));
        assertEquals(expected, actual);
        assertEquals(fixture.manifest().at("/param_counts/G").asLong(),
                GeneratorFactory.createPainter(fixture.config()).parameterCount());
    }

    private static List<Long> countsByModule(PainterGenerator g) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : StateDictLoader.namedParameters(g).entrySet()) {
            counts.merge(e.getKey().substring(0, e.getKey().indexOf('.')), e.getValue().getShape().size(), Long::sum);
        }
        return new ArrayList<>(counts.values());
    }
}
