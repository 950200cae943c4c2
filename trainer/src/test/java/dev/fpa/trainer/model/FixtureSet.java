package dev.fpa.trainer.model;

import dev.fpa.trainer.model.config.GeneratorConfig;
import dev.fpa.trainer.model.layers.StateDictLoader;
import dev.fpa.trainer.model.painter.PainterGenerator;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fpa.runtime.array.NdArray;
import dev.fpa.runtime.array.Npz;
import dev.fpa.runtime.testing.TestData;
import dev.fpa.trainer.imports.TorchCheckpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * One parity set exported from the official code (see the fixtures README), read in place: manifest.json,
 * the GAN state dict of model_0.pt and the arrays of io.npz.
 */
public record FixtureSet(String name, JsonNode manifest, Map<String, NdArray> gan, Map<String, NdArray> io) {

    public static FixtureSet load(String name) throws IOException {
        Path dir = directory(name);
        JsonNode manifest = new ObjectMapper().readTree(dir.resolve("manifest.json").toFile());
        Map<String, NdArray> gan = TorchCheckpoint.read(dir.resolve("model_0.pt")).stateDict("GAN");
        return new FixtureSet(name, manifest, gan, Npz.read(dir.resolve("io.npz")));
    }

    /** The manifest alone, for tests that only compare names and shapes. */
    static JsonNode manifest(String name) throws IOException {
        return new ObjectMapper().readTree(directory(name).resolve("manifest.json").toFile());
    }

    private static Path directory(String name) {
        return TestData.official(name);
    }

    /**
     * The run's generator config: the manifest's trainer_args, plus the attention sizes of its slim
     * discriminator (listed under "discriminator"), which the base generator shares.
     */
    public GeneratorConfig config() {
        GeneratorConfig config = GeneratorConfig.fromTrainerArgs(manifest.get("trainer_args")).config();
        JsonNode d = manifest.get("discriminator");
        return d == null ? config : config.withOverrides(Map.of("attn_heads", d.get("attn_heads").asInt(),
                "attn_dim_head", d.get("attn_dim_head").asInt()));
    }

    /** The painter G or GE ("G"/"GE") with the checkpoint's weights, parameters on {@code manager}. */
    PainterGenerator painter(String which, NDManager manager) {
        PainterGenerator generator = GeneratorFactory.createPainter(config());
        generator.initialize(manager);
        StateDictLoader.load(generator, gan, which + ".");
        return generator;
    }

    public NdArray expected(String array) {
        NdArray a = io.get(array);
        assertNotNull(a, name + "/io.npz has no array " + array);
        return a;
    }

    public NDArray input(String array, NDManager manager) {
        NdArray a = expected(array);
        return manager.create(a.toFloatArray(), new Shape(a.shape()));
    }
}
