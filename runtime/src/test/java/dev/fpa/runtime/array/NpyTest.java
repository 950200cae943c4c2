package dev.fpa.runtime.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fpa.runtime.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.charset.StandardCharsets;

class NpyTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsEveryTypeAndShape() throws IOException {
        NdArray f = NdArray.of(new float[] {1.5f, -2f, Float.MIN_VALUE, 3e38f, 0f, 7f}, 2, 3);
        NdArray d = NdArray.of(new double[] {Math.PI, -1e300}, 2);
        NdArray l = NdArray.of(new long[] {Long.MIN_VALUE, 42, -1}, 3, 1);
        NdArray scalar = NdArray.of(new float[] {0.25f});
        for (NdArray a : new NdArray[] {f, d, l, scalar}) {
            Path p = dir.resolve("a.npy");
            Npy.write(p, a);
            NdArray back = Npy.read(p);
            assertEquals(a.dtype(), back.dtype());
            assertArrayEquals(a.shape(), back.shape());
            assertArrayEquals(a.bytes(), back.bytes());
            // numpy aligns the data at a multiple of 64 bytes
            assertEquals(0, (Files.size(p) - a.bytes().length) % 64);
        }
        assertEquals(0, scalar.rank());
        assertEquals(0.25, scalar.scalar());
    }

    @Test
    void npzRoundTripKeepsNamesWithDotsAndOrder() throws IOException {
        Map<String, NdArray> m = new LinkedHashMap<>();
        m.put("z", NdArray.of(new float[] {1, 2, 3, 4}, 2, 2));
        m.put("grad.D.to_logits.1.weight", NdArray.of(new double[] {5}, 1));
        m.put("count", NdArray.of(new long[] {10}));
        Path p = dir.resolve("x.npz");
        Npz.write(p, m);
        Map<String, NdArray> back = Npz.read(p);
        assertEquals(m.keySet().stream().toList(), back.keySet().stream().toList());
        for (String k : m.keySet()) {
            assertArrayEquals(m.get(k).bytes(), back.get(k).bytes(), k);
        }
    }

    @Test
    void readsTheOfficialFixtures() throws IOException {
        Path io = TestData.official("v2_grey32").resolve("io.npz");
        Map<String, NdArray> arrays = Npz.read(io);
        NdArray z = arrays.get("z");
        assertArrayEquals(new long[] {8, 64}, z.shape());
        assertEquals(DType.FLOAT32, z.dtype());
        assertArrayEquals(new long[] {8, 32, 1, 32, 32}, arrays.get("G_steps").shape());
        double sumSq = 0;
        for (float v : z.toFloatArray()) {
            sumSq += v * v;
        }
        // standard normal latents: mean square near 1
        assertTrue(sumSq / z.size() > 0.6 && sumSq / z.size() < 1.4, "mean square " + sumSq / z.size());
    }

    @Test
    void badFilesGiveClearErrors() throws IOException {
        Path p = dir.resolve("bad.npy");
        Files.writeString(p, "not numpy");
        assertTrue(assertThrows(IOException.class, () -> Npy.read(p)).getMessage().contains("bad.npy"));
        Path big = dir.resolve("be.npy");
        Npy.write(big, NdArray.of(new float[] {1}, 1));
        byte[] b = Files.readAllBytes(big);
        String s = new String(b, StandardCharsets.ISO_8859_1).replace("<f4", ">f4");
        Files.write(big, s.getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(assertThrows(IOException.class, () -> Npy.read(big)).getMessage().contains(">f4"));
    }
}
