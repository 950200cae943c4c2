package dev.fpa.trainer.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.fpa.runtime.array.NdArray;
import dev.fpa.runtime.generate.Device;
import dev.fpa.runtime.generate.Painter;
import dev.fpa.runtime.latent.LatentSampler;
import dev.fpa.runtime.testing.HostileModels;
import dev.fpa.trainer.checkpoint.Checkpoint;
import dev.fpa.trainer.imports.OfficialImporter;
import dev.fpa.trainer.imports.OnnxPainterImport;
import dev.fpa.trainer.model.CheckpointGenerator;
import dev.fpa.trainer.model.config.GeneratorConfig;
import dev.fpa.trainer.model.layers.StateDicts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A painter read back from its ONNX export paints what the exported painter painted; where the export folded
 * nothing, every tensor comes back bit for bit.
 */
class OnnxPainterImportTest {
    private static final double ENGINES = 1e-5;
    private static final int SAMPLES = 4;

    /** The v2 painter as the zoo trains it (no positional encoding: its input projection is folded at export). */
    static GeneratorConfig v2Folded() {
        return GeneratorConfig.defaults().withOverrides(Map.of("model_type", "lstm_delta_split_v2",
                "image_size", 16, "latent_dim", 12, "rnn_hidden_size", 16, "num_decoding_steps", 4,
                "mini_latent_dim", 3, "mini_input_size", 8, "greyscale", true, "use_pos_enc", false));
    }

    static Stream<GeneratorConfig> painters() {
        return Stream.of(v2Folded(), ExportVariants.v2AllOptions(), ExportVariants.v1LearnedInit());
    }

    @ParameterizedTest
    @MethodSource("painters")
    void theImportedPainterPaintsWhatTheExportPainted(GeneratorConfig config, @TempDir Path dir) throws IOException {
        float[] z = LatentSampler.sample(3, SAMPLES, config.latentDim());
        Errors errors = new Errors(config.modelType());
        try (CheckpointGenerator original = CheckpointGenerator.random(config)) {
            Path file = dir.resolve("painter.onnx");
            OnnxExporter.write(OnnxExporter.export(original.generator(), false,
                    new OnnxExporter.Provenance("GE", 0, "", "test")), file);
            Checkpoint imported = OfficialImporter.readEither(file, JsonNodeFactory.instance.objectNode(),
                    new ArrayList<>());
            assertEquals(config.toJson(), imported.generatorConfig().toJson());
            try (CheckpointGenerator back = CheckpointGenerator.load(imported, Checkpoint.EMA_GENERATOR)) {
                errors.compare("imported vs exported painter", back.generate(z, SAMPLES, SAMPLES),
                        original.generate(z, SAMPLES, SAMPLES), ENGINES);
                boolean folded = config.equals(v2Folded());
                Map<String, NdArray> before = StateDicts.of(original.generator());
                Map<String, NdArray> after = StateDicts.of(back.generator());
                assertEquals(before.keySet(), after.keySet());
                List<String> differing = new ArrayList<>();
                before.forEach((name, v) -> {
                    if (!Arrays.equals(v.toFloatArray(), after.get(name).toFloatArray())) {
                        differing.add(name);
                    }
                });
                assertEquals(folded ? List.of("per_time_linear_input.weight", "per_time_linear_input.bias",
                        "decoder_rnn.weight_ih_l0", "decoder_rnn.bias_ih_l0") : List.of(), differing,
                        "only the folded factors may differ");
            }
            assertArrayEquals(imported.section(Checkpoint.GENERATOR).keySet().toArray(),
                    imported.section(Checkpoint.EMA_GENERATOR).keySet().toArray());
        }
        errors.assertAll();
    }

    /** The zoo's default painter, which ships as ONNX only, comes back as the painter ONNX Runtime runs. */
    @Test
    void theZoosPainterComesBackAsItPaints() throws IOException {
        Path file = HostileModels.shippedZoo().resolve("fmnist-v2.onnx");
        Checkpoint imported = OnnxPainterImport.read(Files.readAllBytes(file), file.toString());
        float[] z = LatentSampler.sample(5, SAMPLES, imported.generatorConfig().latentDim());
        Errors errors = new Errors("zoo fmnist-v2");
        try (CheckpointGenerator djl = CheckpointGenerator.load(imported, Checkpoint.EMA_GENERATOR);
                Painter onnx = Painter.open(file, new Painter.Options(Device.CPU, 1, SAMPLES))) {
            errors.compare("imported (DJL) vs shipped (ONNX Runtime)", djl.generate(z, SAMPLES, SAMPLES),
                    onnx.generate(z, SAMPLES, 0).raw(), ENGINES);
        }
        errors.assertAll();
    }

    @Test
    void whatIsNoPainterExportIsRefusedWithTheReason() throws IOException {
        for (GeneratorConfig config : List.of(ExportVariants.v1Unet(), ExportVariants.baseWithAttention())) {
            try (CheckpointGenerator g = CheckpointGenerator.random(config)) {
                byte[] onnx = OnnxExporter.export(g.generator(), false,
                        new OnnxExporter.Provenance("G", 0, "", "test")).toByteArray();
                IOException e = assertThrows(IOException.class, () -> OnnxPainterImport.read(onnx, "m.onnx"));
                assertTrue(e.getMessage().contains("painter without U-Net"), e.getMessage());
                ModelProto anonymous = ModelProto.parseFrom(onnx).toBuilder().clearMetadataProps().build();
                e = assertThrows(IOException.class, () -> OnnxPainterImport.read(anonymous.toByteArray(), "m.onnx"));
                assertTrue(e.getMessage().contains("not a generator exported by fpa"), e.getMessage());
            }
        }
        // a tampered config claiming a model far larger than the weights: refused before anything is allocated
        try (CheckpointGenerator g = CheckpointGenerator.random(v2Folded())) {
            ModelProto model = OnnxExporter.export(g.generator(), false,
                    new OnnxExporter.Provenance("G", 0, "", "test"));
            ModelProto.Builder tampered = model.toBuilder();
            for (int i = 0; i < tampered.getMetadataPropsCount(); i++) {
                if (tampered.getMetadataProps(i).getKey().equals("config")) {
                    tampered.setMetadataProps(i, tampered.getMetadataProps(i).toBuilder().setValue(
                            v2Folded().withOverrides(Map.of("rnn_hidden_size", 1 << 20)).toJson().toString()));
                }
            }
            IOException huge = assertThrows(IOException.class, () -> OnnxPainterImport.read(
                    tampered.build().toByteArray(), "tampered.onnx"));
            assertTrue(huge.getMessage().contains("describes"), huge.getMessage());
        }
        IOException e = assertThrows(IOException.class, () -> OnnxPainterImport.read(new byte[] {8, -1, -1, -1},
                "junk.onnx"));
        assertTrue(e.getMessage().startsWith("junk.onnx: not an ONNX model"), e.getMessage());
    }
}
