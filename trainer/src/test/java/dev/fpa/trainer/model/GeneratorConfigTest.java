package dev.fpa.trainer.model;

import dev.fpa.trainer.model.config.GeneratorConfig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GeneratorConfigTest {

    @Test
    void defaultsAreTheOfficialCommandLineDefaults() {
        GeneratorConfig d = GeneratorConfig.defaults();
        assertEquals("base", d.modelType());
        assertEquals(List.of(64, 256, 512, 1, 64, 8, 128), List.of(d.imageSize(), d.latentDim(), d.rnnHiddenSize(),
                d.numLayers(), d.numDecodingSteps(), d.miniLatentDim(), d.miniInputSize()));
        assertEquals(List.of(0, 1, 4, 512), List.of(d.wideOutDim(), d.useIntermedLoss(), d.maxUnetDim(), d.fmapMax()));
        assertEquals(1.0, d.rnnInitFact());
        assertEquals(1.0, d.kvbInitFact());
        assertFalse(d.outTanh() || d.useSoftmax() || d.scaleIntermedLoss() || d.useLatentToInit() || d.greyscale());
        assertEquals(3, d.channels());
    }

    @Test
    void readsAManifestsTrainerArgumentsAndReportsTheRest() throws IOException {
        JsonNode args = new ObjectMapper().readTree("""
                {"model_type": "lstm_delta", "image_size": 32, "greyscale": true, "latent_dim": 32,
                 "use_softmax": true, "batch_size": 4, "lr": 0.0002, "name": "default"}""");
        GeneratorConfig.Parsed parsed = GeneratorConfig.fromTrainerArgs(args);
        GeneratorConfig c = parsed.config();
        assertEquals("lstm_delta", c.modelType());
        assertEquals(32, c.imageSize());
        assertEquals(32, c.latentDim());
        assertEquals(1, c.channels());
        assertTrue(c.useSoftmax());
        assertEquals(512, c.rnnHiddenSize(), "absent keys keep their defaults");
        assertEquals(List.of("batch_size", "lr", "name"), parsed.unusedKeys());
    }

    @Test
    void survivesAJsonRoundTrip() {
        GeneratorConfig paper = GeneratorConfig.paper();
        GeneratorConfig.Parsed back = GeneratorConfig.fromTrainerArgs(paper.toJson());
        assertEquals(paper, back.config());
        assertEquals(List.of(), back.unusedKeys());
        assertTrue(paper.toJson().has("v2_input_sigmoid"));
    }

    @Test
    void presetsFollowTheReadmeCommandAndTheSmallRecipe() {
        GeneratorConfig paper = GeneratorConfig.paper();
        assertEquals("lstm_delta_split_v2", paper.modelType());
        assertEquals(List.of(64, 64, 512, 8, 128, 1024, 1), List.of(paper.imageSize(), paper.numDecodingSteps(),
                paper.latentDim(), paper.miniLatentDim(), paper.miniInputSize(), paper.rnnHiddenSize(),
                        paper.numLayers()));
        assertTrue(paper.v2InputSigmoid() && paper.useLatentToInit() && paper.useSoftmax() && paper.outTanh());
        assertEquals(3, paper.channels());

        GeneratorConfig small = GeneratorConfig.small();
        assertEquals(List.of(32, 1, 256, 16, 128, 64, 8), List.of(small.imageSize(), small.channels(),
                small.rnnHiddenSize(), small.numDecodingSteps(), small.latentDim(), small.miniInputSize(),
                small.miniLatentDim()));
        assertTrue(small.v2InputSigmoid() && small.useLatentToInit() && small.useSoftmax() && small.outTanh());
    }

    @Test
    void transparentWinsOverGreyscale() {
        GeneratorConfig c = GeneratorConfig.defaults().withOverrides(Map.of("greyscale", true, "transparent", true));
        assertEquals(4, c.channels());
    }

    @Test
    void rejectsUnknownOverridesAndImpossibleValues() {
        GeneratorConfig d = GeneratorConfig.defaults();
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> d.withOverrides(Map.of("image_sise", 32)));
        assertTrue(unknown.getMessage().contains("image_sise"), unknown.getMessage());
        IllegalArgumentException steps = assertThrows(IllegalArgumentException.class,
                () -> d.withOverrides(Map.of("num_decoding_steps", 16, "use_intermed_loss", 3)));
        assertTrue(steps.getMessage().contains("divisible"), steps.getMessage());
        assertThrows(IllegalArgumentException.class, () -> d.withOverrides(Map.of("num_layers", 0)));
    }
}
