package dev.fpa.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fpa.runtime.array.NdArray;
import dev.fpa.runtime.testing.TestData;
import dev.fpa.trainer.imports.TorchCheckpoint;
import dev.fpa.trainer.model.config.GeneratorConfig;
import dev.fpa.trainer.checkpoint.Checkpoint;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

class ImportCommandTest {
    private static final Path FIXTURES = TestData.official();

    @TempDir
    Path dir;

    private final CliRunner fpa = new CliRunner();

    @Test
    void importsWithTheOfficialConfigAndFlagsInferringSizesFromShapes() throws Exception {
        Path set = FIXTURES.resolve("v2_grey32");
        Path ckpt = dir.resolve("v2.fpa");
        // Only what the official .config.json stores, plus the flags that leave no trace in the weights.
        assertEquals(0, fpa.run("import", set.resolve("model_0.pt").toString(), "--out", ckpt.toString(),
                "--config", set.resolve(".config.json").toString(),
                "--use-softmax", "--out-tanh", "--v2-input-sigmoid", "--attn-heads", "4"), fpa.err());
        assertTrue(fpa.out().contains("model_type = lstm_delta_split_v2"), fpa.out());
        assertTrue(fpa.out().contains("num_decoding_steps = 16"), fpa.out());
        assertTrue(fpa.out().contains("attn_dim_head = 8"), fpa.out());

        Checkpoint c = Checkpoint.read(ckpt);
        var manifest = new ObjectMapper().readTree(set.resolve("manifest.json")
                .toFile());
        GeneratorConfig expected = GeneratorConfig.fromTrainerArgs(manifest.get("trainer_args")).config()
                .withOverrides(Map.of("attn_heads", manifest.at("/discriminator/attn_heads").asInt(),
                        "attn_dim_head", manifest.at("/discriminator/attn_dim_head").asInt()));
        assertEquals(expected.toJson(), c.generatorConfig().toJson());
        Map<String, NdArray> official = TorchCheckpoint.read(set.resolve("model_0.pt")).stateDict("GAN");
        assertArrayEquals(official.get("GE.kvb_net.weight").bytes(), c.section("GE").get("kvb_net.weight").bytes());
        assertEquals(12, c.section("G").size());
        assertTrue(c.has("D"));
        assertFalse(c.section("D").keySet().stream().anyMatch(k -> k.startsWith("D_aug")));
    }

    @Test
    void unetDuplicatesAreDroppedAndTheManifestIsAccepted() throws Exception {
        Path set = FIXTURES.resolve("v2unet_grey32");
        Path ckpt = dir.resolve("unet.fpa");
        assertEquals(0, fpa.run("import", set.resolve("model_0.pt").toString(), "--out", ckpt.toString(),
                "--config", set.resolve("manifest.json").toString()), fpa.err());
        Checkpoint c = Checkpoint.read(ckpt);
        assertEquals("lstm_delta_split_v2_unet", c.modelType());
        assertFalse(c.section("GE").keySet().stream().anyMatch(k -> k.startsWith("mod_dict")));
    }

    @Test
    void aConfigThatDoesNotFitListsTheMismatchesInOneError() {
        Path set = FIXTURES.resolve("v2_grey32");
        assertEquals(1, fpa.run("import", set.resolve("model_0.pt").toString(), "--out", dir.resolve("x").toString(),
                "--config", set.resolve("manifest.json").toString(), "--image-size", "64"));
        String e = fpa.err().trim();
        assertEquals(1, e.lines().count(), e);
        assertTrue(e.contains("kvb_net.weight"), e);
        assertFalse(dir.resolve("x").toFile().exists());
    }

    @Test
    void ourCheckpointIsNotMistakenForAnOfficialOneAndViceVersa() throws Exception {
        assertEquals(1, fpa.run("import", FIXTURES.resolve("fid/ref.json").toString(), "--out",
                dir.resolve("y").toString()));
        assertTrue(fpa.err().contains("not a torch.save file"), fpa.err());
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> Checkpoint.read(FIXTURES.resolve("v2_grey32/model_0.pt")));
        assertTrue(e.getMessage().contains("fpa import"), e.getMessage());
    }
}
