package dev.fpa.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Improved precision and recall against a brute-force computation from the paper's definition. */
class PrecisionRecallTest {
    private static final int DIM = 6;

    @Test
    void matchesBruteForceOnOverlappingSets() {
        Random random = new Random(11);
        // generated vectors shifted and narrower: some inside the real manifold, some outside
        float[] real = gaussian(random, 700, 0, 1);
        float[] generated = gaussian(random, 600, 0.8, 0.6);
        for (int k : new int[] {1, 3, 5}) {
            PrecisionRecall.Result r = PrecisionRecall.between(real, generated, DIM, k);
            assertEquals(bruteForceShare(generated, real, k), r.precision(), 0, "precision, k=" + k);
            assertEquals(bruteForceShare(real, generated, k), r.recall(), 0, "recall, k=" + k);
            assertEquals(700, r.real());
            assertEquals(600, r.generated());
        }
    }

    @Test
    void identicalSetsArePerfectAndDisjointOnesAreZero() {
        Random random = new Random(3);
        float[] real = gaussian(random, 200, 0, 1);
        PrecisionRecall.Result same = PrecisionRecall.between(real, real.clone(), DIM, 3);
        assertEquals(1.0, same.precision());
        assertEquals(1.0, same.recall());
        PrecisionRecall.Result far = PrecisionRecall.between(real, gaussian(random, 200, 100, 1), DIM, 3);
        assertEquals(0.0, far.precision());
        assertEquals(0.0, far.recall());
    }

    @Test
    void tooFewVectorsAreRefused() {
        float[] three = gaussian(new Random(1), 3, 0, 1);
        assertThrows(IllegalArgumentException.class, () -> PrecisionRecall.between(three, three, DIM, 3));
        assertThrows(IllegalArgumentException.class, () -> PrecisionRecall.between(new float[7], three, DIM, 1));
    }

    /** Share of {@code points} inside the k-NN balls of {@code manifold}, straight from the definition. */
    private static double bruteForceShare(float[] points, float[] manifold, int k) {
        int n = manifold.length / DIM;
        double[] radius = new double[n];
        for (int j = 0; j < n; j++) {
            double[] d = new double[n - 1];
            for (int o = 0, at = 0; o < n; o++) {
                if (o != j) {
                    d[at++] = distance(manifold, j, manifold, o);
                }
            }
            Arrays.sort(d);
            radius[j] = d[k - 1];
        }
        int inside = 0;
        int m = points.length / DIM;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                if (distance(points, i, manifold, j) <= radius[j]) {
                    inside++;
                    break;
                }
            }
        }
        return inside / (double) m;
    }

    private static double distance(float[] a, int i, float[] b, int j) {
        double s = 0;
        for (int c = 0; c < DIM; c++) {
            double d = (double) a[i * DIM + c] - b[j * DIM + c];
            s += d * d;
        }
        return Math.sqrt(s);
    }

    private static float[] gaussian(Random random, int n, double mean, double std) {
        float[] v = new float[n * DIM];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (mean + std * random.nextGaussian());
        }
        return v;
    }
}
