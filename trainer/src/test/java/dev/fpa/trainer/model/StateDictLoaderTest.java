package dev.fpa.trainer.model;

import dev.fpa.trainer.model.config.GeneratorConfig;
import dev.fpa.trainer.model.layers.StateDictLoader;
import dev.fpa.trainer.model.layers.StateDictMismatchException;
import dev.fpa.trainer.model.painter.PainterGenerator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.fpa.runtime.array.NdArray;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateDictLoaderTest {
    private static final GeneratorConfig CONFIG = GeneratorConfig.small().withOverrides(Map.of(
            "image_size", 8, "latent_dim", 6, "rnn_hidden_size", 5, "num_decoding_steps", 4, "mini_input_size", 3));

    @Test
    void loadsItsPrefixOnlyAndSkipsTheModuleDictDuplicates() {
        try (NDManager manager = NDManager.newBaseManager()) {
            PainterGenerator source = initialised(manager);
            PainterGenerator target = initialised(manager);
            Map<String, NdArray> dict = new LinkedHashMap<>(stateDict(source, "GE."));
            dict.put("GE.mod_dict.base.0.weight", NdArray.of(new float[] {1f}, 1));
            dict.put("G.kvb_net.weight", NdArray.of(new float[] {1f}, 1));

            StateDictLoader.load(target, dict, "GE.");

            Map<String, Parameter> loaded = StateDictLoader.namedParameters(target);
            stateDict(source, "").forEach((name, value) ->
                    assertArrayEquals(value.toFloatArray(), loaded.get(name).getArray().toFloatArray(), name));
        }
    }

    @Test
    void listsEveryProblemAndLoadsNothing() {
        try (NDManager manager = NDManager.newBaseManager()) {
            PainterGenerator target = initialised(manager);
            float[] before = StateDictLoader.namedParameters(target).get("input_generator.weight").getArray()
                    .toFloatArray();
            Map<String, NdArray> dict = new LinkedHashMap<>(stateDict(initialised(manager), "G."));
            dict.remove("G.kvb_net.bias");
            dict.put("G.wide_net.0.weight", NdArray.of(new float[] {1f}, 1));
            dict.put("G.input_generator.bias", NdArray.of(new float[] {1f, 2f}, 2));

            StateDictMismatchException e = assertThrows(StateDictMismatchException.class,
                    () -> StateDictLoader.load(target, dict, "G."));

            assertEquals(List.of("kvb_net.bias"), e.missing());
            assertEquals(List.of("wide_net.0.weight"), e.unexpected());
            assertEquals(1, e.wrongShapes().size());
            assertTrue(e.wrongShapes().get(0).startsWith("input_generator.bias"), e.wrongShapes().toString());
            assertTrue(e.getMessage().contains("kvb_net.bias") && e.getMessage().contains("wide_net.0.weight"));
            assertArrayEquals(before,
                    StateDictLoader.namedParameters(target).get("input_generator.weight").getArray().toFloatArray());
        }
    }

    @Test
    void needsAnInitialisedBlock() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, NdArray> dict = stateDict(initialised(manager), "G.");
            PainterGenerator fresh = GeneratorFactory.createPainter(CONFIG);
            assertThrows(IllegalStateException.class, () -> StateDictLoader.load(fresh, dict, "G."));
        }
    }

    private static PainterGenerator initialised(NDManager manager) {
        PainterGenerator g = GeneratorFactory.createPainter(CONFIG);
        g.initialize(manager);
        return g;
    }

    private static Map<String, NdArray> stateDict(PainterGenerator g, String prefix) {
        Map<String, NdArray> dict = new LinkedHashMap<>();
        StateDictLoader.namedParameters(g).forEach((name, p) ->
                dict.put(prefix + name, NdArray.of(p.getArray().toFloatArray(), p.getShape().getShape())));
        return dict;
    }
}
