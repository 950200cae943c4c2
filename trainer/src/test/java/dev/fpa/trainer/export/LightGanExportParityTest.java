package dev.fpa.trainer.export;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.fpa.runtime.array.NdArray;
import dev.fpa.runtime.generate.Device;
import dev.fpa.runtime.generate.ModelDescription;
import dev.fpa.runtime.generate.OnnxSession;
import dev.fpa.trainer.model.CheckpointGenerator;
import dev.fpa.trainer.model.lightgan.LightGanGenerator;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The LightGAN baseline (base_grey32) exported from its official .pt and fed the official noise maps through its
 * noise inputs: ONNX Runtime against DJL with the same maps and against the official output.
 */
class LightGanExportParityTest {
    private static final double ENGINES = 1e-5;
    /** The generators issue's bound for the baseline. */
    private static final double OFFICIAL = 1e-4;

    @ParameterizedTest
    @ValueSource(strings = {"G", "GE"})
    void baselineMatchesDjlAndTheOfficialCode(String section) throws IOException {
        OfficialSet fixture = OfficialSet.load("base_grey32");
        byte[] model = OnnxExporter.export(fixture.checkpoint(), section, false, fixture.sha256(),
                "test").toByteArray();
        NdArray z = fixture.array("z");
        Errors errors = new Errors("base_grey32 " + section);
        try (OnnxSession session = OnnxSession.open(model, Device.CPU, 0);
                CheckpointGenerator djl = CheckpointGenerator.load(fixture.checkpoint(), section);
                NDManager manager = NDManager.newBaseManager()) {
            ModelDescription description = ModelDescription.fromMetadata(session.metadata());
            LightGanGenerator generator = (LightGanGenerator) djl.generator();
            Map<String, OnnxSession.Tensor> inputs = new LinkedHashMap<>();
            inputs.put(ModelDescription.LATENTS, new OnnxSession.Tensor(z.toFloatArray(), z.shape()));
            NDList djlInputs = new NDList(manager.create(z.toFloatArray(), new Shape(z.shape())));
            for (int k = 0; k < generator.numLayers(); k++) {
                NdArray noise = fixture.array(section + "_noise." + LightGanGenerator.noiseName(k));
                inputs.put(description.noiseInputs().get(k), new OnnxSession.Tensor(noise.toFloatArray(),
                        noise.shape()));
                NDArray map = manager.create(noise.toFloatArray(), new Shape(noise.shape()));
                map.setName(LightGanGenerator.noiseName(k));
                djlInputs.add(map);
            }
            float[] raw = session.run(inputs, Set.of(ModelDescription.RAW)).get(ModelDescription.RAW);
            float[] expected = generator.forward(new ParameterStore(manager, false), djlInputs, false).head()
                    .toFloatArray();
            errors.compare("raw vs DJL", raw, expected, ENGINES);
            errors.compare("raw vs official", raw, fixture.array(section + "_out").toFloatArray(), OFFICIAL);
        }
        errors.assertAll();
    }
}
