package dev.fpa.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** The native and the pure-Java kernels compute the same thing; the build platform gets the native one. */
class DenseKernelsTest {
    /** Both implementations; the native one must load on the platform the project is built for. */
    static List<DenseKernels> both() {
        return List.of(OpenBlasKernels.load().orElseThrow(), EjmlKernels.INSTANCE);
    }

    @Test
    void theBundledOpenBlasIsUsedOnTheBuildPlatform() {
        assertEquals("OpenBLAS", DenseKernels.fastest().name());
        assertEquals("OpenBLAS", FrechetDistance.kernels());
    }

    @Test
    void scattersAgree() {
        Random random = new Random(3);
        DMatrixRMaj block = new DMatrixRMaj(300, 70);
        for (int i = 0; i < block.data.length; i++) {
            block.data[i] = random.nextGaussian();
        }
        DMatrixRMaj expected = new DMatrixRMaj(70, 70);
        EjmlKernels.INSTANCE.scatter(block, expected);
        DMatrixRMaj actual = new DMatrixRMaj(1, 1);
        OpenBlasKernels.load().orElseThrow().scatter(block, actual);
        assertEquals(70, actual.numRows);
        for (int i = 0; i < expected.data.length; i++) {
            assertEquals(expected.data[i], actual.data[i], 1e-12 * Math.abs(expected.data[i]) + 1e-12, "entry " + i);
        }
        assertEquals(actual.get(3, 60), actual.get(60, 3), "symmetric");
    }

    @Test
    void eigenvaluesAgreeAndSingularCovariancesAreRefused() {
        Random random = new Random(4);
        int d = 60;
        DMatrixRMaj[] sigma = {covariance(random, d, 200), covariance(random, d, 200)};
        double[] expected = EjmlKernels.INSTANCE.choleskyCongruenceEigenvalues(sigma[0], sigma[1]).orElseThrow();
        double[] actual = OpenBlasKernels.load().orElseThrow().choleskyCongruenceEigenvalues(sigma[0], sigma[1])
                .orElseThrow();
        Arrays.sort(expected);
        Arrays.sort(actual);
        for (int k = 0; k < d; k++) {
            assertEquals(expected[k], actual[k], 1e-10 * expected[d - 1], "eigenvalue " + k);
        }
        DMatrixRMaj singular = covariance(random, d, 20);
        for (DenseKernels kernels : both()) {
            assertTrue(kernels.choleskyCongruenceEigenvalues(singular, sigma[1]).isEmpty(), kernels.name());
        }
    }

    @Test
    void bothTellPositiveDefiniteFromIndefinite() {
        Random random = new Random(5);
        DMatrixRMaj definite = covariance(random, 60, 200);
        DMatrixRMaj indefinite = definite.copy();
        indefinite.set(0, 0, -1);
        for (DenseKernels kernels : both()) {
            assertTrue(kernels.hasCholeskyFactor(definite.copy()), kernels.name());
            assertFalse(kernels.hasCholeskyFactor(indefinite.copy()), kernels.name());
        }
    }

    /** The scatter of n Gaussian vectors: positive definite when n > d, rank n otherwise. */
    private static DMatrixRMaj covariance(Random random, int d, int n) {
        DMatrixRMaj x = new DMatrixRMaj(n, d);
        for (int i = 0; i < x.data.length; i++) {
            x.data[i] = random.nextGaussian();
        }
        DMatrixRMaj out = new DMatrixRMaj(d, d);
        EjmlKernels.INSTANCE.scatter(x, out);
        return out;
    }
}
