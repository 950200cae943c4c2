package dev.fpa.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class FrechetDistanceTest {
    /** pytorch-fid's reference: the fixture's README asks for about 1e-6 relative agreement. */
    private static final double FIXTURE_TOLERANCE = 1e-6;
    /** Our route against the explicit square roots. */
    private static final double BRUTE_FORCE_TOLERANCE = 1e-6;
    /** The rank of the low-rank cases: the fixture's covariances have rank 47 (48 images). */
    private static final int LOW_RANK = 47;

    @Test
    void fidOfTheFixtureFeaturesMatchesPytorchFid() {
        MeanAndCovariance a = FidFixture.statistics("feats_a").meanAndCovariance();
        MeanAndCovariance b = FidFixture.statistics("feats_b").meanAndCovariance();
        double expected = FidFixture.get("fid").scalar();
        double fid = FrechetDistance.between(a, b);
        double relative = Math.abs(fid - expected) / expected;
        System.out.printf("FID(a,b) = %.9f, pytorch-fid %.9f, relative error %.2e%n", fid, expected, relative);
        assertTrue(relative < FIXTURE_TOLERANCE, "relative error " + relative);
        assertEquals(fid, FrechetDistance.between(b, a), 1e-9 * expected, "symmetric");
    }

    @Test
    void fidOfTheFixtureWithItselfIsZero() {
        MeanAndCovariance a = FidFixture.statistics("feats_a").meanAndCovariance();
        double fid = FrechetDistance.between(a, a);
        System.out.printf("FID(a,a) = %.3e (pytorch-fid: %.3e)%n", fid, FidFixture.get("fid_aa").scalar());
        assertTrue(Math.abs(fid) < 1e-6, "FID(a,a) = " + fid);
    }

    @Test
    void matchesTheExplicitSquareRootsForEveryRoute() {
        checkAgainstBruteForce(384);
    }

    @Test
    @Tag("slow")
    void matchesTheExplicitSquareRootsAtFidSize() {
        checkAgainstBruteForce(FidBenchmark.FID_DIM);
    }

    @Test
    void identicalVectorsLeaveOnlyTheMeanTerm() {
        FeatureStatistics a = new FeatureStatistics(3);
        a.add(new double[] {1, 2, 3, 1, 2, 3});
        FeatureStatistics b = new FeatureStatistics(3);
        b.add(new double[] {1, 2, 5, 1, 2, 5, 1, 2, 5});
        assertEquals(4, FrechetDistance.between(a.meanAndCovariance(), b.meanAndCovariance()), 1e-12);
    }

    @Test
    void aDistanceBelowZeroBeyondRoundingIsRefusedNotReported() {
        DMatrixRMaj indefinite = CommonOps_DDRM.identity(4);
        indefinite.set(0, 1, 1e6);
        indefinite.set(1, 0, 1e6);
        MeanAndCovariance a = new MeanAndCovariance(new double[4], indefinite);
        MeanAndCovariance b = new MeanAndCovariance(new double[4], CommonOps_DDRM.identity(4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FrechetDistance.between(a, b));
        assertEquals("the Fréchet distance came out at -1996.00, below zero beyond rounding: a covariance is not"
                + " positive semi-definite, so the statistics are invalid", e.getMessage());
        MeanAndCovariance infinite = new MeanAndCovariance(new double[] {Double.POSITIVE_INFINITY, 0, 0, 0},
                CommonOps_DDRM.identity(4));
        assertThrows(IllegalArgumentException.class, () -> FrechetDistance.between(infinite, b));
    }

    @Test
    void equalStatisticsInAnotherOrderGiveZeroOrMoreNeverLess() {
        float[] rows = FidFixture.get("feats_a").toFloatArray();
        int half = rows.length / 2;
        FeatureStatistics forward = FidFixture.statistics("feats_a");
        FeatureStatistics backward = new FeatureStatistics(forward.dim());
        backward.add(Arrays.copyOfRange(rows, half, rows.length));
        backward.add(Arrays.copyOfRange(rows, 0, half));
        double fid = FrechetDistance.between(forward.meanAndCovariance(), backward.meanAndCovariance());
        assertTrue(fid >= 0 && fid < 1e-6, "FID = " + fid);
    }

    @Test
    void refusesStatisticsOfDifferentDimensions() {
        MeanAndCovariance a = new MeanAndCovariance(new double[3], CommonOps_DDRM.identity(3));
        MeanAndCovariance b = new MeanAndCovariance(new double[4], CommonOps_DDRM.identity(4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FrechetDistance.between(a, b));
        assertTrue(e.getMessage().contains("3 and 4"), e.getMessage());
    }

    /**
     * Full rank (Cholesky), singular against full rank (Cholesky of the other), both singular (range), on both
     * kernels.
     */
    private static void checkAgainstBruteForce(int d) {
        Random random = new Random(d);
        DMatrixRMaj[] lowRank = relatedCovariances(d, random);
        DMatrixRMaj[] fullRank = relatedCovariances(d, random);
        for (DMatrixRMaj s : fullRank) {
            for (int i = 0; i < d; i++) {
                s.add(i, i, 0.01 + 0.1 * random.nextDouble());
            }
        }
        DMatrixRMaj[][] cases = {fullRank, {lowRank[0], fullRank[1]}, lowRank};
        String[] names = {"full rank", "singular vs full rank", "both singular"};
        for (int c = 0; c < cases.length; c++) {
            MeanAndCovariance a = new MeanAndCovariance(randomVector(d, random), cases[c][0]);
            MeanAndCovariance b = new MeanAndCovariance(randomVector(d, random), cases[c][1]);
            long t0 = System.nanoTime();
            double reference = bruteForce(a, b);
            double bruteForceSeconds = (System.nanoTime() - t0) / 1e9;
            for (DenseKernels kernels : DenseKernelsTest.both()) {
                long t1 = System.nanoTime();
                double fid = FrechetDistance.between(a, b, kernels);
                double seconds = (System.nanoTime() - t1) / 1e9;
                double relative = Math.abs(fid - reference) / reference;
                System.out.printf("%d-d %s, %s: FID %.17g, brute force %.17g, relative %.2e; %.2f s vs %.2f s%n",
                        d, names[c], kernels.name(), fid, reference, relative, seconds, bruteForceSeconds);
                assertTrue(relative < BRUTE_FORCE_TOLERANCE, names[c] + ", " + kernels.name() + ": relative error "
                        + relative);
            }
        }
    }

    /** Two rank-47 covariances whose ranges overlap, with per-dimension scales like Inception features. */
    private static DMatrixRMaj[] relatedCovariances(int d, Random random) {
        DMatrixRMaj first = new DMatrixRMaj(LOW_RANK, d);
        DMatrixRMaj second = new DMatrixRMaj(LOW_RANK, d);
        for (int j = 0; j < d; j++) {
            double scale = Math.pow(100, -random.nextDouble());
            for (int i = 0; i < LOW_RANK; i++) {
                double shared = random.nextGaussian();
                first.set(i, j, scale * shared);
                second.set(i, j, scale * (0.6 * shared + 0.8 * random.nextGaussian()));
            }
        }
        DMatrixRMaj[] out = new DMatrixRMaj[2];
        DMatrixRMaj[] factors = {first, second};
        for (int k = 0; k < 2; k++) {
            out[k] = new DMatrixRMaj(d, d);
            CommonOps_MT_DDRM.multTransA(1.0 / LOW_RANK, factors[k], factors[k], out[k]);
        }
        return out;
    }

    private static double[] randomVector(int d, Random random) {
        double[] v = new double[d];
        for (int i = 0; i < d; i++) {
            v[i] = random.nextGaussian() * 0.1;
        }
        return v;
    }

    /** The definition, computed the long way: √Σa by eigen-decomposition, then the eigenvalues of √Σa·Σb·√Σa. */
    private static double bruteForce(MeanAndCovariance a, MeanAndCovariance b) {
        int d = a.dim();
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
        assertTrue(eig.decompose(a.covariance().copy()));
        double[] lambda = nonNegativeEigenvalues(eig);
        DMatrixRMaj scaledVectors = new DMatrixRMaj(d, d);
        for (int k = 0; k < d; k++) {
            DMatrixRMaj v = eig.getEigenVector(k);
            for (int i = 0; i < d; i++) {
                scaledVectors.set(i, k, v.get(i) * Math.sqrt(lambda[k]));
            }
        }
        DMatrixRMaj vectors = new DMatrixRMaj(d, d);
        for (int k = 0; k < d; k++) {
            for (int i = 0; i < d; i++) {
                vectors.set(i, k, eig.getEigenVector(k).get(i));
            }
        }
        DMatrixRMaj sqrtA = new DMatrixRMaj(d, d);
        CommonOps_MT_DDRM.multTransB(scaledVectors, vectors, sqrtA);
        DMatrixRMaj tmp = new DMatrixRMaj(d, d);
        CommonOps_MT_DDRM.mult(sqrtA, b.covariance(), tmp);
        DMatrixRMaj product = new DMatrixRMaj(d, d);
        CommonOps_MT_DDRM.mult(tmp, sqrtA, product);
        DMatrixRMaj symmetric = CommonOps_DDRM.transpose(product, null);
        CommonOps_DDRM.add(0.5, product, 0.5, symmetric, symmetric);
        EigenDecomposition_F64<DMatrixRMaj> values = DecompositionFactory_DDRM.eig(d, false, true);
        assertTrue(values.decompose(symmetric));
        double trace = 0;
        for (double mu : nonNegativeEigenvalues(values)) {
            trace += Math.sqrt(mu);
        }
        double meanTerm = 0;
        for (int i = 0; i < d; i++) {
            meanTerm += Math.pow(a.mean()[i] - b.mean()[i], 2);
        }
        return meanTerm + CommonOps_DDRM.trace(a.covariance()) + CommonOps_DDRM.trace(b.covariance()) - 2 * trace;
    }

    /** Eigenvalues with rounding noise (below d·ε·max, numpy's rank tolerance) set to 0. */
    private static double[] nonNegativeEigenvalues(EigenDecomposition_F64<DMatrixRMaj> eig) {
        int n = eig.getNumberOfEigenvalues();
        double[] values = new double[n];
        double max = 0;
        for (int k = 0; k < n; k++) {
            values[k] = eig.getEigenvalue(k).real;
            max = Math.max(max, values[k]);
        }
        for (int k = 0; k < n; k++) {
            if (values[k] <= n * Math.ulp(1.0) * max) {
                values[k] = 0;
            }
        }
        return values;
    }
}
