package dev.fpa.trainer.imports;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fpa.runtime.array.DType;
import dev.fpa.runtime.array.NdArray;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Zip checkpoints built byte by byte: storage offsets, arbitrary strides, every storage type, broken files. */
class HandMadeZipCheckpointTest {
    private static final float[] STORAGE = {10, 11, 12, 13, 14, 15, 16, 17};

    @TempDir
    Path dir;

    @Test
    void viewsGatherOffsetsAndStridesIntoCOrder() throws IOException {
        PickleBytes pickle = PickleBytes.protocol2().op('}', '(');
        pickle.str("transposed").tensor("FloatStorage", "0", 8, 1, new long[] {2, 3}, new long[] {1, 2}).op('q', 200);
        pickle.str("rank3").tensor("FloatStorage", "0", 8, 0, new long[] {2, 2, 2}, new long[] {1, 4, 2});
        pickle.str("scalar").tensor("FloatStorage", "0", 8, 7, new long[] {}, new long[] {});
        pickle.str("empty").tensor("FloatStorage", "0", 8, 0, new long[] {0, 3}, new long[] {3, 1});
        pickle.str("parameter").global("torch._utils", "_rebuild_parameter").op('(')
                .tensor("FloatStorage", "0", 8, 2, new long[] {2}, new long[] {1})
                .op(0x88).global("collections", "OrderedDict").op(')', 'R', 't', 'R');
        pickle.str("v1").global("torch._utils", "_rebuild_tensor").op('(', '(').str("storage")
                .global("torch", "FloatStorage").str("0").str("cpu").integer(8).op('t', 'Q')
                .integer(4).ints(2).ints(1).op('t', 'R');
        pickle.str("again").op('h', 200);
        pickle.str("count").integer(3);
        TorchCheckpoint checkpoint = read(pickle.op('u', '.'), Map.of("0", floats(STORAGE)));

        Map<String, NdArray> tensors = checkpoint.stateDict();
        assertEquals(List.of("transposed", "rank3", "scalar", "empty", "parameter", "v1", "again"),
                List.copyOf(tensors.keySet()));
        NdArray transposed = tensors.get("transposed");
        assertArrayEquals(new long[] {2, 3}, transposed.shape());
        assertArrayEquals(new float[] {11, 13, 15, 12, 14, 16}, transposed.toFloatArray());
        assertArrayEquals(new float[] {10, 12, 14, 16, 11, 13, 15, 17}, tensors.get("rank3").toFloatArray());
        assertArrayEquals(new long[] {}, tensors.get("scalar").shape());
        assertEquals(17.0, tensors.get("scalar").scalar());
        assertArrayEquals(new long[] {0, 3}, tensors.get("empty").shape());
        assertArrayEquals(new float[] {12, 13}, tensors.get("parameter").toFloatArray());
        assertArrayEquals(new float[] {14, 15}, tensors.get("v1").toFloatArray());
        assertSame(transposed, tensors.get("again"), "a memoized tensor stays one object");
        assertEquals(3L, ((Map<?, ?>) checkpoint.root()).get("count"));
    }

    @Test
    void halfStorageWidensExactlyToFloat32() throws IOException {
        short[] halves = {0x3c00, (short) 0xc000, 0x3555, 0x0001, 0x7bff, 0x7c00, (short) 0x8000, 0x7e00};
        ByteBuffer bytes = ByteBuffer.allocate(2 * halves.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asShortBuffer().put(halves);
        // Every other element, from the second: the gather path runs on 2-byte elements before widening.
        PickleBytes pickle = PickleBytes.protocol2().op('}', '(')
                .str("all").tensor("HalfStorage", "h", 8, 0, new long[] {8}, new long[] {1})
                .str("odd").tensor("HalfStorage", "h", 8, 1, new long[] {4}, new long[] {2}).op('u', '.');
        Map<String, NdArray> tensors = read(pickle, Map.of("h", bytes.array())).stateDict();

        NdArray all = tensors.get("all");
        assertEquals(DType.FLOAT32, all.dtype());
        float[] expected = {1f, -2f, 0.333251953125f, 0x1p-24f, 65504f, Float.POSITIVE_INFINITY, -0f, Float.NaN};
        assertArrayEquals(expected, all.toFloatArray());
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(all.toFloatArray()[6]));
        assertArrayEquals(new float[] {-2f, 0x1p-24f, Float.POSITIVE_INFINITY, Float.NaN},
                tensors.get("odd").toFloatArray());
    }

    @Test
    void everyStorageTypeLoadsWithItsArrayType() throws IOException {
        Map<String, byte[]> storages = new LinkedHashMap<>();
        storages.put("long", ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-5).putLong(1L << 40)
                .array());
        storages.put("double", ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putDouble(0.1).putDouble(-2.5)
                .array());
        storages.put("int", ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(-7).putInt(9).array());
        storages.put("byte", new byte[] {0, (byte) 255});
        storages.put("bool", new byte[] {1, 0});
        PickleBytes pickle = PickleBytes.protocol2().op('}', '(');
        String[] types = {"LongStorage", "DoubleStorage", "IntStorage", "ByteStorage", "BoolStorage"};
        int i = 0;
        for (String key : storages.keySet()) {
            pickle.str(key).tensor(types[i++], key, 2, 0, new long[] {2}, new long[] {1});
        }
        Map<String, NdArray> tensors = read(pickle.op('u', '.'), storages).stateDict();

        assertEquals(DType.INT64, tensors.get("long").dtype());
        assertArrayEquals(new long[] {-5, 1L << 40}, tensors.get("long").toLongArray());
        assertEquals(DType.FLOAT64, tensors.get("double").dtype());
        assertArrayEquals(new double[] {0.1, -2.5}, tensors.get("double").toDoubleArray());
        assertEquals(DType.INT32, tensors.get("int").dtype());
        assertArrayEquals(new long[] {-7, 9}, tensors.get("int").toLongArray());
        assertEquals(DType.UINT8, tensors.get("byte").dtype());
        assertArrayEquals(new long[] {0, 255}, tensors.get("byte").toLongArray());
        assertEquals(DType.UINT8, tensors.get("bool").dtype());
        assertArrayEquals(new long[] {1, 0}, tensors.get("bool").toLongArray());
    }

    @Test
    void viewPastTheStorageEndIsAnError() throws IOException {
        PickleBytes pickle = PickleBytes.protocol2()
                .tensor("FloatStorage", "0", 8, 5, new long[] {2, 2}, new long[] {1, 2}).op('.');
        assertReadFails(pickle.bytes(), Map.of("0", floats(STORAGE)), "reaches past the 8 elements of storage '0'");
    }

    @Test
    void storageOfTheWrongSizeIsAnError() throws IOException {
        PickleBytes pickle = PickleBytes.protocol2()
                .tensor("FloatStorage", "0", 8, 0, new long[] {8}, new long[] {1}).op('.');
        assertReadFails(pickle.bytes(), Map.of("0", new byte[12]), "storage '0' has 12 bytes");
        assertReadFails(pickle.bytes(), Map.of("0", new byte[40]), "entry x/data/0 holds more than the 32 bytes");
    }

    @Test
    void missingStorageEntryIsAnError() throws IOException {
        PickleBytes pickle = PickleBytes.protocol2()
                .tensor("FloatStorage", "9", 8, 0, new long[] {8}, new long[] {1}).op('.');
        assertReadFails(pickle.bytes(), Map.of(), "missing entry x/data/9");
    }

    @Test
    void bigEndianArchiveIsRefused() throws IOException {
        Path file = dir.resolve("big.pt");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (String[] entry : new String[][] {{"x/data.pkl", "\u0080\u0002N."}, {"x/byteorder", "big"}}) {
                zip.putNextEntry(new ZipEntry(entry[0]));
                zip.write(PickleBytes.latin1(entry[1]));
            }
        }
        IOException e = assertThrows(IOException.class, () -> TorchCheckpoint.read(file));
        assertEquals(file + ": storages are stored big-endian; only little-endian is supported", e.getMessage());
    }

    @Test
    void zipWithoutDataPickleIsAnError() throws IOException {
        Path file = dir.resolve("other.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("readme.txt"));
        }
        IOException e = assertThrows(IOException.class, () -> TorchCheckpoint.read(file));
        assertTrue(e.getMessage().startsWith(file + ": a torch zip checkpoint needs exactly one"), e.getMessage());
    }

    @Test
    void otherFilesAreNotCheckpoints() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.pt"), "hello");
        IOException e = assertThrows(IOException.class, () -> TorchCheckpoint.read(text));
        assertEquals(text + ": not a torch.save file (neither a zip archive nor a pickle stream)", e.getMessage());
        Path empty = Files.write(dir.resolve("empty.pt"), new byte[0]);
        assertThrows(IOException.class, () -> TorchCheckpoint.read(empty));
    }

    private TorchCheckpoint read(PickleBytes pickle, Map<String, byte[]> storages) throws IOException {
        return TorchCheckpoint.read(CheckpointFiles.zip(dir.resolve("hand.pt"), "x", pickle.bytes(), storages));
    }

    private void assertReadFails(byte[] pickle, Map<String, byte[]> storages, String detail) throws IOException {
        Path file = CheckpointFiles.zip(dir.resolve("bad.pt"), "x", pickle, storages);
        IOException e = assertThrows(IOException.class, () -> TorchCheckpoint.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(detail), e.getMessage());
    }

    private static byte[] floats(float... values) {
        ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return bytes.array();
    }
}
