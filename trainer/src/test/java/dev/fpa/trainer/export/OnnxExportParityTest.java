package dev.fpa.trainer.export;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.fpa.runtime.array.NdArray;
import dev.fpa.runtime.generate.Device;
import dev.fpa.runtime.generate.Painter;
import dev.fpa.trainer.model.CheckpointGenerator;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every painter fixture set exported straight from its official .pt: ONNX Runtime's image, raw output and
 * painting frames against the DJL forward and the official arrays.
 */
class OnnxExportParityTest {
    /** ONNX Runtime against DJL, float32 against float32. */
    private static final double ENGINES = 1e-5;
    /** The generators issue's bounds against the official code: painters, and outputs through a U-Net. */
    private static final double PAINTER = 1e-5;
    private static final double UNET = 1e-4;
    private static final int BATCH = 3;

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"v2_grey32, GE", "v2_grey32, G", "v2_grey32_bigW, GE", "v2_rgb16_plain, GE", "v1_grey32, G",
            "v1_grey32_bigW, GE", "v2unet_grey32, GE", "v2unet_grey32_bigW, G"})
    void paintersMatchDjlAndTheOfficialCode(String set, String section) throws IOException {
        OfficialSet fixture = OfficialSet.load(set);
        double official = set.contains("unet") ? UNET : PAINTER;
        NdArray z = fixture.array("z");
        int n = z.dim(0);
        float[] latents = z.toFloatArray();
        Path file = dir.resolve(set + ".onnx");
        ModelProto model = OnnxExporter.export(fixture.checkpoint(), section, true, fixture.sha256(), "test");
        OnnxExporter.write(model, file);
        Errors errors = new Errors(set + " " + section);
        try (Painter painter = Painter.open(file, new Painter.Options(Device.CPU, 0, BATCH));
                CheckpointGenerator djl = CheckpointGenerator.load(fixture.checkpoint(), section)) {
            Painter.Images images = painter.generate(latents, n, 0);
            float[] frames = painter.frames(latents, n);
            float[] expectedRaw = fixture.array(section + "_out").toFloatArray();
            float[] expectedFrames = fixture.array(section + "_steps").toFloatArray();
            errors.compare("raw vs DJL", images.raw(), djl.generate(latents, n, BATCH, 0), ENGINES);
            errors.compare("frames vs DJL", frames, djl.paintingFrames(latents, n, BATCH), ENGINES);
            errors.compare("raw vs official", images.raw(), expectedRaw, official);
            errors.compare("image vs official", images.images(), clamped(expectedRaw), official);
            errors.compare("frames vs official", frames, expectedFrames, official);
        }
        errors.assertAll();
    }

    private static float[] clamped(float[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Math.min(1f, Math.max(0f, values[i]));
        }
        return out;
    }
}
