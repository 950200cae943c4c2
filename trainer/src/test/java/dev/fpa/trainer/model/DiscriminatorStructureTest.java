package dev.fpa.trainer.model;

import dev.fpa.trainer.model.config.DiscriminatorConfig;
import dev.fpa.trainer.model.discriminator.Discriminator;
import dev.fpa.trainer.model.layers.StateDictLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The discriminator's names, order, shapes and counts against the spec (§6.3, §9.4) and the manifests. */
class DiscriminatorStructureTest {

    private static DiscriminatorConfig official(int size) {
        return DiscriminatorConfig.fromTrainerArgs(new ObjectMapper().createObjectNode().put("image_size", size));
    }

    @ParameterizedTest
    @CsvSource({"32, 11114764", "64, 12326632", "128, 12499688", "256, 12542184", "512, 13326366"})
    void officialSizesHaveTheSpecCounts(int size, long count) {
        assertEquals(count, ModelChecks.parameterCount(new Discriminator(official(size))));
    }

    @Test
    void namesAndShapesAreThoseOfTheSlimFixtureInOfficialOrder() throws IOException {
        FixtureSet fixture = FixtureSet.load("disc_grey32");
        JsonNode manifest = fixture.manifest();
        Discriminator d = new Discriminator(DiscriminatorConfig.fromTrainerArgs(fixture.config().toJson()));
        Map<String, Shape> expected = ModelChecks.manifestShapes(manifest, "D.");
        assertEquals(List.copyOf(expected.entrySet()), List.copyOf(ModelChecks.stateDictShapes(d).entrySet()));
        List<String> optimizerOrder = new ArrayList<>();
        manifest.get("D_param_names").forEach(n -> optimizerOrder.add(n.get(0).asText()));
        assertEquals(optimizerOrder, List.copyOf(StateDictLoader.namedParameters(d).keySet()));
        assertEquals(manifest.get("param_counts").get("D").asLong(), ModelChecks.parameterCount(d));
    }

    @Test
    void paperSizeHasTheSpecLayout() {
        Map<String, Shape> shapes = ModelChecks.stateDictShapes(new Discriminator(official(64)));
        assertEquals(new Shape(128, 3, 4, 4), shapes.get("residual_layers.0.0.branches.0.1.weight"));
        assertEquals(new Shape(128, 1, 3, 3), shapes.get("residual_layers.1.1.fn.to_lin_kv.net.0.weight"));
        assertEquals(new Shape(1024, 128, 1, 1), shapes.get("residual_layers.1.1.fn.to_kv.weight"));
        assertEquals(new Shape(6, 64, 3, 3), shapes.get("decoder1.layers.3.1.weight"));
        assertEquals(new Shape(1, 32, 4, 4), shapes.get("to_shape_disc_out.5.weight"));
        assertFalse(shapes.containsKey("decoder2.layers.0.1.weight"));
    }

    @Test
    void largeSizesHavePlainLayersAndASecondDecoder() {
        Map<String, Shape> shapes = ModelChecks.stateDictShapes(new Discriminator(official(1024)));
        assertEquals(new Shape(3, 3, 4, 4), shapes.get("non_residual_layers.0.1.weight"));
        assertEquals(new Shape(16, 3, 4, 4), shapes.get("non_residual_layers.1.1.weight"));
        assertEquals(new Shape(256, 256, 3, 3), shapes.get("decoder2.layers.0.1.weight"));
    }

    @Test
    void theBaselineBlursAndPaintersDoNot() {
        ObjectMapper json = new ObjectMapper();
        DiscriminatorConfig base = DiscriminatorConfig.fromTrainerArgs(json.createObjectNode().put("model_type",
                "base"));
        DiscriminatorConfig painter = DiscriminatorConfig.fromTrainerArgs(
                json.createObjectNode().put("model_type", "lstm_delta_split_v2"));
        assertTrue(base.blur());
        assertFalse(painter.blur());
        assertEquals(new Shape(3), ModelChecks.stateDictShapes(new Discriminator(base))
                .get("residual_layers.0.0.branches.0.0.f"));
        assertThrows(IllegalArgumentException.class, () -> official(8));
        assertThrows(IllegalArgumentException.class,
                () -> DiscriminatorConfig.fromTrainerArgs(json.createObjectNode().put("disc_output_size", 3)));
    }

    /** 16×16 works with one residual stage and no reconstruction loss; a 5×5 head gives 25 logits. */
    @Test
    void smallImagesAndTheWideHeadRun() {
        DiscriminatorConfig tiny = new DiscriminatorConfig(16, true, false, 8, 12, List.of(), 5, 2, 4, false);
        Discriminator d = new Discriminator(tiny);
        assertFalse(d.hasReconstructionLoss());
        try (NDManager manager = NDManager.newBaseManager()) {
            d.initialize(manager, DataType.FLOAT32, new Shape(2, 1, 16, 16));
            Discriminator.Judgement j = d.judgeWithReconstruction(new ParameterStore(manager, false),
                    manager.randomUniform(0, 1, new Shape(2, 1, 16, 16)), true, 0);
            assertEquals(new Shape(2, 25), j.logits().getShape());
            assertEquals(new Shape(2, 1, 1, 1), j.logits32().getShape());
            assertNull(j.reconstructionLoss());
        }
        Discriminator d32 = new Discriminator(official(32));
        assertTrue(d32.hasReconstructionLoss());
    }

    @Test
    void convolutionWeightsAreKaimingNormal() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Discriminator d = new Discriminator(official(64));
            d.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 64, 64));
            Parameter w = StateDictLoader.namedParameters(d).get("residual_layers.2.0.branches.0.3.weight");
            double std = Math.sqrt(w.getArray().square().mean().getFloat());
            assertEquals(Math.sqrt(2.0 / (512 * 9)), std, 1e-4);
        }
    }

}
