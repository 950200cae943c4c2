package dev.fpa.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fpa.trainer.model.config.GeneratorConfig;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import java.util.Map;

class RunConfigTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void defaultsAreTheOfficialOnes() {
        TrainingConfig t = TrainingConfig.defaults();
        assertEquals(List.of(10, 4, 4, 1000, 1000, 8), List.of(t.batchSize(), t.gradientAccumulateEvery(), t.gpEvery(),
                t.saveEvery(), t.evaluateEvery(), t.numImageTiles()));
        assertEquals(List.of(2e-4, 1.0, 10.0, 0.0, 0.5, 0.9, 1e-8, 0.995), List.of(t.lr(), t.tturMult(), t.gpWeight(),
                t.augProb(), t.adamBeta1(), t.adamBeta2(), t.adamEps(), t.emaDecay()));
        assertEquals(List.of("cutout", "translation"), t.augTypes());
        assertEquals(List.of(10, 20_000, 1000, 25_000), List.of(t.emaEvery(), t.emaStart(), t.emaResetEvery(),
                t.emaResetUntil()));
    }

    @Test
    void readsOneArgumentDictForAllThreePartsWithTheCommandLineSpellings() throws IOException {
        ObjectNode args = (ObjectNode) JSON.readTree("""
                {"model_type": "lstm_delta_split_v2", "image_size": 32, "greyscale": true, "fmap_max": 16,
                 "learning_rate": 0.001, "grad_cummulate_every": 2, "disc_output_size": 5, "name": "x"}""");
        RunConfig.Parsed parsed = RunConfig.fromTrainerArgs(args);
        RunConfig c = parsed.config();
        assertEquals(0.001, c.training().lr());
        assertEquals(2, c.training().gradientAccumulateEvery());
        assertEquals(5, c.discriminator().discOutputSize());
        assertEquals(16, c.discriminator().fmapMax());
        assertEquals(1, c.discriminator().channels());
        assertFalse(c.discriminator().blur());
        assertEquals(List.of("name"), parsed.unknownKeys());
        assertEquals(c, RunConfig.fromTrainerArgs(c.toTrainerArgs()).config());
    }

    @Test
    void presetsAreTheReadmeCommandAndASmallCpuRun() {
        RunConfig paper = RunConfig.fromTrainerArgs(TrainingPreset.PAPER_CELEBA64.args()).config();
        assertEquals(GeneratorConfig.paper(), paper.generator());
        assertEquals(List.of(20, 1, 450_000), List.of(paper.training().batchSize(),
                paper.training().gradientAccumulateEvery(), paper.training().numTrainSteps()));
        assertEquals(512, paper.discriminator().fmapMax());
        RunConfig small = RunConfig.fromTrainerArgs(TrainingPreset.CPU_SMALL.args()).config();
        assertEquals(32, small.generator().imageSize());
        assertTrue(small.generator().greyscale());
        assertEquals(TrainingPreset.CPU_SMALL, TrainingPreset.parse("cpu-small"));
        assertThrows(IllegalArgumentException.class, () -> TrainingPreset.parse("huge"));
    }

    @Test
    void badCombinationsAreRefused() throws IOException {
        assertThrows(IllegalArgumentException.class, () -> RunConfig.fromTrainerArgs(
                JSON.readTree("{\"use_unet_match_loss\": true, \"model_type\": \"lstm_delta_split_v2\"}")));
        assertThrows(IllegalArgumentException.class, () -> RunConfig.fromTrainerArgs(
                JSON.readTree("{\"aug_types\": [\"cutout\", \"zoom\"]}")));
        assertThrows(IllegalArgumentException.class, () -> RunConfig.fromTrainerArgs(JSON.readTree("{\"aug_prob\": "
                + "2}")));
    }

    @Test
    void theLossFollowsTheModelType() {
        GeneratorConfig v2 = GeneratorConfig.paper();
        assertEquals(DiscriminatorLoss.HINGE, DiscriminatorLoss.forModel(v2));
        assertEquals(DiscriminatorLoss.HINGE_BIS, DiscriminatorLoss.forModel(
                v2.withOverrides(Map.of("use_intermed_loss", 4))));
        assertEquals(DiscriminatorLoss.HINGE_BIS, DiscriminatorLoss.forModel(
                v2.withOverrides(Map.of("model_type", "lstm_delta_split_v2_unet"))));
        assertEquals(DiscriminatorLoss.HINGE, DiscriminatorLoss.forModel(GeneratorConfig.defaults()));
    }
}
