package dev.fpa.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class KernelInceptionDistanceTest {
    private static final KernelInceptionDistance.Options THREE_SUBSETS = new KernelInceptionDistance.Options(3, 1000,
            0);

    @Test
    void matchesAHandComputationInOneDimension() {
        // x = {0, 1}, y = {1, 2}, k(x, y) = (xy + 1)³:
        // Σ_{i≠j} k(xi,xj) = 2·1, Σ_{i≠j} k(yi,yj) = 2·27, Σ k(xi,yj) = 1 + 1 + 8 + 27 = 37
        // MMD² = (2 + 54) / (2·1) − 2·37 / 2² = 9.5; every subset is the whole set, so the std is 0
        KernelInceptionDistance.Result r = KernelInceptionDistance.between(new float[] {0, 1}, new float[] {1, 2}, 1,
                THREE_SUBSETS);
        assertEquals(9.5, r.mean(), 1e-12);
        assertEquals(0, r.std(), 1e-12);
    }

    @Test
    void dividesInnerProductsByTheDimension() {
        // x = {(1,0), (0,1)}, y = {(1,1), (0,0)}, k = (xᵀy/2 + 1)³: within-set sums 2 and 2, cross sum
        // 2·1.5³ + 2·1 = 8.75, so MMD² = 4/2 − 2·8.75/4 = −2.375 (the unbiased estimate can be negative)
        KernelInceptionDistance.Result r = KernelInceptionDistance.between(new float[] {1, 0, 0, 1},
                new float[] {1, 1, 0, 0}, 2, THREE_SUBSETS);
        assertEquals(-2.375, r.mean(), 1e-12);
    }

    @Test
    void isNearZeroForOneDistributionAndClearlyPositiveForAShiftedOne() {
        int d = 16;
        int n = 300;
        Random random = new Random(5);
        float[] a = gaussian(n, d, 0, random);
        float[] b = gaussian(n, d, 0, random);
        float[] shifted = gaussian(n, d, 0.5f, random);
        KernelInceptionDistance.Options options = new KernelInceptionDistance.Options(100, 100, 7);

        KernelInceptionDistance.Result same = KernelInceptionDistance.between(a, b, d, options);
        KernelInceptionDistance.Result different = KernelInceptionDistance.between(a, shifted, d, options);
        System.out.printf("KID same %.5f ± %.5f, shifted %.5f ± %.5f%n", same.mean(), same.std(), different.mean(),
                different.std());
        assertTrue(Math.abs(same.mean()) < same.std(), "same distribution: " + same);
        assertTrue(different.mean() > 5 * different.std(), "shifted distribution: " + different);
        assertEquals(same, KernelInceptionDistance.between(a, b, d, options), "seeded");
    }

    @Test
    void refusesTooFewVectorsAndPartialRows() {
        assertThrows(IllegalArgumentException.class,
                () -> KernelInceptionDistance.between(new float[] {1}, new float[] {1, 2}, 1, THREE_SUBSETS));
        assertThrows(IllegalArgumentException.class,
                () -> KernelInceptionDistance.between(new float[] {1, 2, 3}, new float[] {1, 2}, 2, THREE_SUBSETS));
    }

    private static float[] gaussian(int n, int d, float shift, Random random) {
        float[] rows = new float[n * d];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = shift + (float) random.nextGaussian();
        }
        return rows;
    }
}
