package dev.fpa.trainer.imports;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fpa.runtime.array.DType;
import dev.fpa.runtime.array.NdArray;
import dev.fpa.runtime.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reads the legacy (pre-1.6) torch.save format: the pytorch-fid Inception fixture and hand-made files. */
class LegacyCheckpointTest {
    private static final String[] BASIC_CONV_KEYS = {"conv.weight", "bn.weight", "bn.bias", "bn.running_mean",
        "bn.running_var", "bn.num_batches_tracked"};

    private static Path inceptionFile;
    private static TorchCheckpoint checkpoint;
    private static Map<String, NdArray> inception;

    @BeforeAll
    static void readInceptionWeights() throws IOException {
        inceptionFile = TestData.fidInceptionWeights();
        checkpoint = TorchCheckpoint.read(inceptionFile);
        inception = checkpoint.stateDict();
    }

    @Test
    void inceptionKeysFollowTheFidReadme() {
        // 94 BasicConv2d modules with 6 keys each, in registration order, then the fc layer.
        assertEquals(566, inception.size());
        List<String> names = new ArrayList<>(inception.keySet());
        for (int module = 0; module < 94; module++) {
            String prefix = names.get(6 * module).replace(".conv.weight", ".");
            for (int k = 0; k < BASIC_CONV_KEYS.length; k++) {
                assertEquals(prefix + BASIC_CONV_KEYS[k], names.get(6 * module + k));
            }
        }
        assertEquals("Conv2d_1a_3x3.conv.weight", names.get(0));
        assertEquals(List.of("fc.weight", "fc.bias"), names.subList(564, 566));
        assertArrayEquals(new long[] {32, 3, 3, 3}, inception.get("Conv2d_1a_3x3.conv.weight").shape());
        assertArrayEquals(new long[] {192, 2048, 1, 1}, inception.get("Mixed_7c.branch_pool.conv.weight").shape());
        assertArrayEquals(new long[] {384, 384, 1, 3}, inception.get("Mixed_7c.branch3x3_2a.conv.weight").shape());
        assertArrayEquals(new long[] {1008, 2048}, inception.get("fc.weight").shape());
        assertArrayEquals(new long[] {1008}, inception.get("fc.bias").shape());
    }

    @Test
    void inceptionValuesFollowTheFidReadme() {
        long floats = 0;
        double sum = 0;
        Set<Float> distinct = new HashSet<>();
        for (Map.Entry<String, NdArray> entry : inception.entrySet()) {
            NdArray tensor = entry.getValue();
            if (entry.getKey().endsWith("num_batches_tracked")) {
                assertEquals(DType.INT64, tensor.dtype());
                assertEquals(0, tensor.rank());
                assertEquals(0L, tensor.toLongArray()[0]);
                continue;
            }
            assertEquals(DType.FLOAT32, tensor.dtype(), entry.getKey());
            for (float v : tensor.toFloatArray()) {
                distinct.add(v + 0.0f); // folds -0.0 into 0.0
                sum += v;
            }
            floats += tensor.size();
            if (entry.getKey().endsWith("bn.weight")) {
                for (float v : tensor.toFloatArray()) {
                    assertTrue(v == 0.5f || v == 1f || v == 1.5f, entry.getKey() + " holds " + v);
                }
            }
        }
        assertEquals(23_885_392, floats);
        assertEquals(63, distinct.size());
        // All values are small dyadic fractions, so this float64 sum is exact in any order.
        assertEquals(22141.984375, sum);
        assertEquals(inception.keySet(), ((Map<?, ?>) checkpoint.root()).keySet(), "_metadata is dropped");
    }

    @Test
    void handMadeLegacyFileSharesAndSlicesStorages(@TempDir Path dir) throws IOException {
        byte[] pickle = PickleBytes.protocol2().op('}', '(')
                .str("row").tensor("FloatStorage", "7", 6, 3, new long[] {3}, new long[] {1})
                .str("column").tensor("FloatStorage", "7", 6, 1, new long[] {2}, new long[] {3})
                .str("other").tensor("FloatStorage", "2", 1, 0, new long[] {}, new long[] {})
                .op('u', '.').bytes();
        Map<String, float[]> storages = new LinkedHashMap<>();
        storages.put("2", new float[] {-1f});
        storages.put("7", new float[] {0f, 1f, 2f, 3f, 4f, 5f});
        Map<String, NdArray> tensors = TorchCheckpoint.read(
                CheckpointFiles.legacy(dir.resolve("small.pth"), pickle, storages)).stateDict();
        assertArrayEquals(new float[] {3f, 4f, 5f}, tensors.get("row").toFloatArray());
        assertArrayEquals(new float[] {1f, 4f}, tensors.get("column").toFloatArray());
        assertEquals(-1.0, tensors.get("other").scalar());
    }

    @ParameterizedTest
    @ValueSource(longs = {5, 40_000, 84_100, 3_000_000}) // magic number, object, key list, storages
    void truncatedInceptionFileIsReported(long length, @TempDir Path dir) throws IOException {
        Path cut = CheckpointFiles.truncatedCopy(inceptionFile, length, dir.resolve("cut.pth"));
        IOException e = assertThrows(IOException.class, () -> TorchCheckpoint.read(cut));
        assertTrue(e.getMessage().startsWith(cut + ": truncated"), e.getMessage());
    }

    @Test
    void wrongMagicNumberIsRejected(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("plain.pkl");
        Files.write(file, PickleBytes.protocol2().integer(1001).op('.').bytes());
        IOException e = assertThrows(IOException.class, () -> TorchCheckpoint.read(file));
        assertEquals(file + ": not a torch.save file (wrong magic number)", e.getMessage());
    }
}
