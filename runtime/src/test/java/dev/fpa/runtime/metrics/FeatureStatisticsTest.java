package dev.fpa.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class FeatureStatisticsTest {
    @Test
    void meanEqualsPytorchFidMean() {
        double[] mean = FidFixture.statistics("feats_a").mean();
        assertArrayEquals(FidFixture.get("mu_a").toDoubleArray(), mean, 1e-12);
    }

    @Test
    void batchesAndMergesGiveTheTwoPassCovariance() {
        double[] rows = FidFixture.get("feats_b").toDoubleArray();
        int d = FidFixture.get("feats_b").dim(1);
        int n = rows.length / d;
        // uneven batches into one accumulator, the rest into a second one that is merged
        FeatureStatistics first = new FeatureStatistics(d);
        int split = 31;
        for (int start = 0; start < split; start += 7) {
            first.add(Arrays.copyOfRange(rows, start * d, Math.min(split, start + 7) * d));
        }
        FeatureStatistics second = new FeatureStatistics(d);
        second.add(Arrays.copyOfRange(rows, split * d, n * d));
        first.merge(second);

        assertEquals(n, first.count());
        DMatrixRMaj expected = twoPassCovariance(rows, n, d);
        DMatrixRMaj actual = first.covariance();
        double scale = 0;
        for (double v : expected.data) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < expected.data.length; i++) {
            assertEquals(expected.data[i], actual.data[i], 1e-12 * scale);
        }
    }

    @Test
    void floatRowsGiveTheSameStatisticsAsDoubleRows() {
        Random random = new Random(3);
        int d = 5;
        float[] f = new float[40 * d];
        double[] g = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) random.nextGaussian();
            g[i] = f[i];
        }
        FeatureStatistics a = new FeatureStatistics(d);
        a.add(f);
        FeatureStatistics b = new FeatureStatistics(d);
        b.add(g);
        assertArrayEquals(b.mean(), a.mean(), 0);
        assertArrayEquals(b.covariance().data, a.covariance().data, 0);
    }

    @Test
    void refusesPartialRowsTooFewVectorsAndOtherDimensions() {
        FeatureStatistics s = new FeatureStatistics(4);
        assertThrows(IllegalArgumentException.class, () -> s.add(new float[6]));
        s.add(new float[4]);
        IllegalStateException e = assertThrows(IllegalStateException.class, s::covariance);
        assertTrue(e.getMessage().contains("at least 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.merge(new FeatureStatistics(3)));
    }

    /** np.cov(rowvar=False): centre on the mean, then XᵀX/(N−1), with plain loops. */
    private static DMatrixRMaj twoPassCovariance(double[] rows, int n, int d) {
        double[] mean = new double[d];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < d; j++) {
                mean[j] += rows[r * d + j] / n;
            }
        }
        DMatrixRMaj c = new DMatrixRMaj(d, d);
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < d; i++) {
                double xi = rows[r * d + i] - mean[i];
                for (int j = 0; j < d; j++) {
                    c.data[i * d + j] += xi * (rows[r * d + j] - mean[j]) / (n - 1);
                }
            }
        }
        return c;
    }
}
