package dev.fpa.trainer.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.fpa.runtime.generate.Device;
import dev.fpa.runtime.generate.Painter;
import dev.fpa.runtime.latent.LatentSampler;
import dev.fpa.trainer.model.CheckpointGenerator;
import dev.fpa.trainer.model.config.GeneratorConfig;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The options no fixture covers, on random weights: ONNX Runtime against the DJL forward and step visualisation. */
class OnnxExportVariantsTest {
    private static final double ENGINES = 1e-5;
    private static final int SAMPLES = 5;
    private static final int BATCH = 2;

    static Stream<GeneratorConfig> variants() {
        return Stream.of(ExportVariants.v2AllOptions(), ExportVariants.v1LearnedInit(), ExportVariants.v1Unet(),
                ExportVariants.baseWithAttention());
    }

    @ParameterizedTest
    @MethodSource("variants")
    void onnxRuntimeMatchesDjl(GeneratorConfig config) throws IOException {
        float[] z = LatentSampler.sample(1, SAMPLES, config.latentDim());
        boolean paints = !config.modelType().equals("base");
        Errors errors = new Errors(config.modelType());
        try (CheckpointGenerator djl = CheckpointGenerator.random(config)) {
            ModelProto model = OnnxExporter.export(djl.generator(), paints,
                    new OnnxExporter.Provenance("G", 0, "", "test"));
            try (Painter painter = Painter.open(model.toByteArray(), "variant", new Painter.Options(Device.CPU, 0,
                    BATCH))) {
                // The baseline's Noise weights start at 0, so its noise maps cannot change the output here.
                errors.compare("raw vs DJL", painter.generate(z, SAMPLES, 0).raw(), djl.generate(z, SAMPLES, BATCH, 0),
                        ENGINES);
                if (paints) {
                    assertEquals(djl.frameCount(), painter.description().frames());
                    errors.compare("frames vs DJL", painter.frames(z, SAMPLES), djl.paintingFrames(z, SAMPLES, BATCH),
                            ENGINES);
                }
            }
        }
        errors.assertAll();
    }
}
