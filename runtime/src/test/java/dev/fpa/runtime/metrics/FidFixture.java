package dev.fpa.runtime.metrics;

import dev.fpa.runtime.array.NdArray;
import dev.fpa.runtime.array.Npz;
import dev.fpa.runtime.testing.TestData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * pytorch-fid's reference numbers on random Inception weights ({@code fixtures/fid/ref.npz}, np.savez_compressed;
 * its text entries, the pytorch-fid version, are left out by {@code Npz.read}).
 */
final class FidFixture {
    static final Path DIR = TestData.official("fid");
    private static Map<String, NdArray> arrays;

    private FidFixture() {
    }

    static synchronized NdArray get(String name) {
        if (arrays == null) {
            try {
                arrays = Npz.read(DIR.resolve("ref.npz"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return arrays.get(name);
    }

    /** Statistics of {@code feats_a} or {@code feats_b}, accumulated in one batch. */
    static FeatureStatistics statistics(String features) {
        NdArray f = get(features);
        FeatureStatistics s = new FeatureStatistics(f.dim(1));
        s.add(f.toDoubleArray());
        return s;
    }
}
