package dev.fpa.runtime.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fpa.runtime.testing.TestData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Text arrays in .npy/.npz files (numpy's {@code <U} and {@code |S}), e.g. the version strings in FID fixtures. */
class NpzTextTest {
    @TempDir
    Path dir;

    @Test
    void unicodeAndByteStringsAreReadWithoutTheirPadding() throws IOException {
        assertEquals(List.of("a_000.png", "ü€😀"), Npy.readText(in(unicode("<U9", "(2,)", "a_000.png", "ü€😀")), "x"));
        assertEquals(List.of("0.3.0"), Npy.readText(in(unicode("<U5", "()", "0.3.0")), "x"));
        assertEquals(List.of("ab", ""), Npy.readText(in(npy("|S3", "(2,)",
                "ab\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1))), "x"));
    }

    @Test
    void numbersAndTextAreNotMistakenForEachOther() throws IOException {
        IOException text = assertThrows(IOException.class, () -> Npy.read(in(unicode("<U2", "()", "hi")), "t.npy"));
        assertTrue(text.getMessage().startsWith("t.npy: holds text") && text.getMessage().contains("readText"),
                text.getMessage());
        ByteArrayOutputStream number = new ByteArrayOutputStream();
        Npy.write(number, NdArray.of(new double[] {1}));
        IOException numbers = assertThrows(IOException.class,
                () -> Npy.readText(new ByteArrayInputStream(number.toByteArray()), "n.npy"));
        assertTrue(numbers.getMessage().startsWith("n.npy: holds numbers"), numbers.getMessage());
    }

    @Test
    void npzSplitsNumbersFromText() throws IOException {
        Path file = dir.resolve("mixed.npz");
        try (var out = Files.newOutputStream(file)) {
            Npz.Writer w = new Npz.Writer(out);
            w.putArray("fid", NdArray.of(new double[] {8373.07}));
            w.putFile("version.npy", unicode("<U5", "()", "0.3.0"));
            w.putArray("mu", NdArray.of(new float[] {1, 2}, 2));
            w.finish();
        }
        Map<String, NdArray> numbers = Npz.read(file);
        assertEquals(List.of("fid", "mu"), List.copyOf(numbers.keySet()));
        assertArrayEquals(new float[] {1, 2}, numbers.get("mu").toFloatArray());
        assertEquals(Map.of("version", List.of("0.3.0")), Npz.readText(file));
    }

    @Test
    void readsThePytorchFidReference() throws IOException {
        Path ref = TestData.official("fid").resolve("ref.npz");
        Map<String, NdArray> numbers = Npz.read(ref);
        assertArrayEquals(new long[] {48, 2048}, numbers.get("feats_a").shape());
        assertEquals(8373.072652141918, numbers.get("fid").scalar());
        Map<String, List<String>> text = Npz.readText(ref);
        assertEquals(List.of("0.3.0"), text.get("pytorch_fid_version"));
        assertEquals(40, text.get("pytorch_fid_commit").get(0).length());
        assertEquals(48, text.get("files_b").size());
        assertEquals("b_047.png", text.get("files_b").get(47));
    }

    private static InputStream in(byte[] bytes) {
        return new ByteArrayInputStream(bytes);
    }

    /** A {@code <U n} array: every string padded with NULs to n UTF-32LE code points. */
    private static byte[] unicode(String descr, String shape, String... items) {
        int chars = Integer.parseInt(descr.substring(2));
        ByteBuffer data = ByteBuffer.allocate(items.length * chars * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (String item : items) {
            int[] codes = item.codePoints().toArray();
            for (int c = 0; c < chars; c++) {
                data.putInt(c < codes.length ? codes[c] : 0);
            }
        }
        return npy(descr, shape, data.array());
    }

    private static byte[] npy(String descr, String shape, byte[] data) {
        String header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        out.write(header.length() & 0xff);
        out.write(header.length() >>> 8);
        out.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(data);
        return out.toByteArray();
    }
}
