package dev.fpa.trainer.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.fpa.runtime.testing.OptionalRequirement;
import dev.fpa.trainer.model.CheckpointGenerator;
import dev.fpa.trainer.model.config.GeneratorConfig;
import dev.fpa.trainer.checkpoint.Checkpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference ONNX checker, {@code onnx.checker.check_model(full_check=True)} (strict shape inference included),
 * accepts the export of every generator type, with and without frames. It runs Debian's python3-onnx under
 * /usr/bin/python3: skipped with the reason where it is missing, required in CI ({@code .ci/run} installs it).
 */
class OnnxCheckerTest {
    /** Exit status of the script below when the onnx module cannot be imported. */
    private static final int NO_ONNX = 3;
    private static final String SCRIPT = String.join("\n",
            "import sys",
            "try:",
            "    import onnx",
            "except ImportError:",
            "    sys.exit(" + NO_ONNX + ")",
            "for path in sys.argv[1:]:",
            "    onnx.checker.check_model(onnx.load(path), full_check=True)",
            "    print('checked', path)");
    private static final long TIMEOUT_MINUTES = 5;

    @TempDir
    Path dir;

    @Test
    void everyGeneratorTypePassesTheFullCheck() throws Exception {
        List<Path> models = new ArrayList<>();
        for (String set : List.of("v2_grey32", "v1_grey32", "v2unet_grey32", "base_grey32")) {
            OfficialSet fixture = OfficialSet.load(set);
            boolean paints = !set.startsWith("base");
            ModelProto withFrames = OnnxExporter.export(fixture.checkpoint(), Checkpoint.EMA_GENERATOR, paints,
                    fixture.sha256(), "test");
            models.add(write(set + (paints ? "_frames" : ""), withFrames));
            if (paints) {
                ModelProto plain = OnnxExporter.export(fixture.checkpoint(), Checkpoint.EMA_GENERATOR, false,
                        fixture.sha256(), "test");
                models.add(write(set, plain));
                // The frames reuse the model's weights (the U-Net's too), they do not copy them.
                assertEquals(weightNames(plain), weightNames(withFrames), set);
            }
        }
        for (GeneratorConfig config : List.of(ExportVariants.v2AllOptions(), ExportVariants.v1LearnedInit(),
                ExportVariants.v1Unet(), ExportVariants.baseWithAttention())) {
            try (CheckpointGenerator random = CheckpointGenerator.random(config)) {
                boolean paints = !config.modelType().equals("base");
                models.add(write(config.modelType() + "_variant", OnnxExporter.export(random.generator(), paints,
                        new OnnxExporter.Provenance("G", 0, "", "test"))));
            }
        }
        String output = check(models);
        for (Path model : models) {
            assertTrue(output.contains("checked " + model), "not checked: " + model + "\n" + output);
        }
    }

    /** The model's float weights with more than one value. */
    private static Set<String> weightNames(ModelProto model) {
        return model.getGraph().getInitializerList().stream()
                .filter(t -> t.getDataType() == TensorProto.DataType.FLOAT_VALUE && t.getRawData().size() > Float.BYTES)
                .map(TensorProto::getName).collect(Collectors.toSet());
    }

    private Path write(String name, ModelProto model) throws IOException {
        Path file = dir.resolve(name + ".onnx");
        OnnxExporter.write(model, file);
        return file;
    }

    private static String check(List<Path> models) throws Exception {
        Path python = OptionalRequirement.python3WithOnnx();
        List<String> command = new ArrayList<>(List.of(python.toString(), "-c", SCRIPT));
        models.forEach(m -> command.add(m.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES), "the ONNX checker did not finish");
        if (process.exitValue() == NO_ONNX) {
            fail("python3-onnx is missing: the ONNX checker test needs Debian's package for /usr/bin/python3 "
                    + "(apt-get install -y python3-onnx; .ci/run installs it)");
        }
        assertEquals(0, process.exitValue(), "onnx.checker rejected a model:\n" + output);
        return output;
    }
}
