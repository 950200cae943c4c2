package dev.fpa.trainer.imports;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fpa.runtime.array.DType;
import dev.fpa.runtime.array.NdArray;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reads the zip-format checkpoints that the official Trainer.save wrote for the parity fixtures. */
class ZipFixtureCheckpointTest {

    @ParameterizedTest
    @ValueSource(strings = {"v2_grey32", "base_grey32", "v2unet_grey32"})
    void ganTensorsMatchTheManifestKeyList(String set) throws IOException {
        JsonNode expected = manifestCheckpoint(set);
        TorchCheckpoint checkpoint = TorchCheckpoint.read(CheckpointFiles.fixtures(set + "/model_0.pt"));

        Map<String, NdArray> gan = checkpoint.stateDict("GAN");
        List<String> expectedNames = new ArrayList<>();
        for (JsonNode key : expected.get("GAN_keys")) {
            String name = key.get(0).asText();
            expectedNames.add(name);
            NdArray tensor = gan.get(name);
            assertArrayEquals(shape(key.get(1)), tensor.shape(), name);
            assertEquals(key.get(2).asText().equals("int64") ? DType.INT64 : DType.FLOAT32, tensor.dtype(), name);
        }
        assertEquals(expectedNames, new ArrayList<>(gan.keySet()));
        assertEquals(expected.get("GAN_entries").asInt(), gan.size());
        // The _metadata of the state dict is dropped, so the dict holds exactly the tensors.
        assertEquals(gan.keySet(), ((Map<?, ?>) root(checkpoint).get("GAN")).keySet());
        assertEquals(expected.get("version").asText(), root(checkpoint).get("version"));
    }

    @Test
    void v2CheckpointHoldsVersionScalersAndAdamState() throws IOException {
        Map<?, ?> root = root(TorchCheckpoint.read(CheckpointFiles.fixtures("v2_grey32/model_0.pt")));
        assertEquals(List.of("GAN", "version", "G_scaler", "D_scaler", "G_opt", "D_opt"),
                new ArrayList<>(root.keySet()));
        assertEquals("0.23.3", root.get("version"));
        assertEquals(Map.of(), root.get("G_scaler"));

        JsonNode manifest = manifest("v2_grey32");
        Map<?, ?> gOpt = (Map<?, ?>) root.get("G_opt");
        Map<?, ?> state = (Map<?, ?>) gOpt.get("state");
        JsonNode gParams = manifest.get("G_param_names");
        assertEquals(gParams.size(), state.size());
        for (int i = 0; i < gParams.size(); i++) {
            Map<?, ?> moments = (Map<?, ?>) state.get((long) i);
            NdArray step = (NdArray) moments.get("step");
            assertEquals(0, step.rank());
            assertEquals(2.0, step.scalar());
            long[] shape = shape(gParams.get(i).get(1));
            assertArrayEquals(shape, ((NdArray) moments.get("exp_avg")).shape());
            assertArrayEquals(shape, ((NdArray) moments.get("exp_avg_sq")).shape());
        }
        Map<?, ?> group = (Map<?, ?>) ((List<?>) gOpt.get("param_groups")).get(0);
        assertEquals(2e-4, group.get("lr"));
        assertEquals(List.of(0.5, 0.9), group.get("betas"));
        assertEquals(1e-8, group.get("eps"));
        assertEquals(Boolean.FALSE, group.get("amsgrad"));
        assertNull(group.get("foreach"));
        assertTrue(group.containsKey("foreach"));
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L), group.get("params"));
        Map<?, ?> dState = (Map<?, ?>) ((Map<?, ?>) root.get("D_opt")).get("state");
        assertEquals(manifest.get("D_param_names").size(), dState.size());
    }

    @Test
    void discriminatorCopyUnderDAugHasTheSameValues() throws IOException {
        Map<String, NdArray> gan = TorchCheckpoint.read(CheckpointFiles.fixtures("v2_grey32/model_0.pt"))
                .stateDict("GAN");
        int compared = 0;
        for (Map.Entry<String, NdArray> entry : gan.entrySet()) {
            if (entry.getKey().startsWith("D.")) {
                NdArray copy = gan.get("D_aug." + entry.getKey());
                assertArrayEquals(entry.getValue().shape(), copy.shape(), entry.getKey());
                assertArrayEquals(entry.getValue().bytes(), copy.bytes(), entry.getKey());
                compared++;
            }
        }
        assertEquals(manifest("v2_grey32").get("D_param_names").size(), compared);
    }

    @Test
    void baseCheckpointHasInt64BatchNormCounters() throws IOException {
        Map<String, NdArray> gan = TorchCheckpoint.read(CheckpointFiles.fixtures("base_grey32/model_0.pt"))
                .stateDict("GAN");
        List<String> counters = gan.keySet().stream().filter(k -> k.endsWith("num_batches_tracked")).toList();
        assertEquals(8, counters.size());
        for (String name : counters) {
            NdArray counter = gan.get(name);
            assertEquals(DType.INT64, counter.dtype());
            assertEquals(0, counter.rank());
            // GE is the generator as initialised; G ran forward 4 times (D and G step of two iterations).
            assertEquals(name.startsWith("GE.") ? 0L : 4L, counter.toLongArray()[0], name);
        }
    }

    @Test
    void unetAliasesRepeatGeneratorTensors() throws IOException {
        Map<String, NdArray> gan = TorchCheckpoint.read(CheckpointFiles.fixtures("v2unet_grey32/model_0.pt"))
                .stateDict("GAN");
        // Each mod_dict name aliases a tensor of the same generator (G. or GE.), so some such tensor has its values.
        Map<String, String> nameByContent = new HashMap<>();
        gan.forEach((name, tensor) -> {
            if (!name.contains(".mod_dict.")) {
                nameByContent.put(contentKey(name, tensor), name);
            }
        });
        List<String> aliases = gan.keySet().stream().filter(k -> k.contains(".mod_dict.")).toList();
        assertEquals(294, aliases.size());
        for (String alias : aliases) {
            NdArray tensor = gan.get(alias);
            String original = nameByContent.get(contentKey(alias, tensor));
            assertTrue(original != null, alias + " matches no generator tensor");
            assertArrayEquals(gan.get(original).bytes(), tensor.bytes(), alias);
        }
    }

    @Test
    void stateDictPathErrorsNameTheFileAndPath() throws IOException {
        Path file = CheckpointFiles.fixtures("v2_grey32/model_0.pt");
        TorchCheckpoint checkpoint = TorchCheckpoint.read(file);
        assertEquals(file, checkpoint.file());
        IOException missing = assertThrows(IOException.class, () -> checkpoint.stateDict("G_opt", "nope"));
        assertTrue(missing.getMessage().contains(file.toString()), missing.getMessage());
        assertTrue(missing.getMessage().contains("['G_opt'] has no key 'nope'"), missing.getMessage());
        IOException notDict = assertThrows(IOException.class, () -> checkpoint.stateDict("version"));
        assertTrue(notDict.getMessage().contains("['version'] is not a dict"), notDict.getMessage());
        assertTrue(checkpoint.stateDict().isEmpty(), "the root holds dicts and a string, no tensors");
        assertEquals(0, checkpoint.stateDict("G_opt", "state").size(), "int keys are skipped");
    }

    @Test
    void truncatedZipIsReportedWithTheFileName(@TempDir Path dir) throws IOException {
        Path source = CheckpointFiles.fixtures("v2_grey32/model_0.pt");
        Path cut = CheckpointFiles.truncatedCopy(source, 1_000_000, dir.resolve("cut.pt"));
        IOException e = assertThrows(IOException.class, () -> TorchCheckpoint.read(cut));
        assertTrue(e.getMessage().startsWith(cut.toString()), e.getMessage());
    }

    private static String contentKey(String name, NdArray tensor) {
        return name.substring(0, name.indexOf('.')) + Arrays.toString(tensor.shape())
                + Arrays.hashCode(tensor.bytes());
    }

    private static long[] shape(JsonNode dims) {
        long[] shape = new long[dims.size()];
        Arrays.setAll(shape, d -> dims.get(d).asLong());
        return shape;
    }

    private static Map<?, ?> root(TorchCheckpoint checkpoint) {
        return assertInstanceOf(Map.class, checkpoint.root());
    }

    private static JsonNode manifest(String set) throws IOException {
        return new ObjectMapper().readTree(CheckpointFiles.fixtures(set + "/manifest.json").toFile());
    }

    private static JsonNode manifestCheckpoint(String set) throws IOException {
        return manifest(set).get("checkpoints").get("model_0.pt");
    }
}
