package dev.fpa.runtime.metrics;

import dev.fpa.runtime.array.NdArray;
import dev.fpa.runtime.array.Npy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipFile;

/**
 * pytorch-fid's reference numbers on random Inception weights ({@code fixtures/fid/ref.npz}, np.savez_compressed).
 * Entries are read one by one: the file also holds unicode strings (the pytorch-fid version), which
 * {@code Npz.read} does not support.
 */
final class FidFixture {
    static final Path DIR = Path.of(System.getProperty("fpa.fixtures"), "fid");
    private static final Map<String, NdArray> CACHE = new HashMap<>();

    private FidFixture() {
    }

    static synchronized NdArray get(String name) {
        return CACHE.computeIfAbsent(name, FidFixture::read);
    }

    private static NdArray read(String name) {
        Path file = DIR.resolve("ref.npz");
        try (ZipFile zip = new ZipFile(file.toFile());
             InputStream in = zip.getInputStream(zip.getEntry(name + ".npy"))) {
            return Npy.read(in, file + ":" + name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Statistics of {@code feats_a} or {@code feats_b}, accumulated in one batch. */
    static FeatureStatistics statistics(String features) {
        NdArray f = get(features);
        FeatureStatistics s = new FeatureStatistics(f.dim(1));
        s.add(f.toDoubleArray());
        return s;
    }
}
