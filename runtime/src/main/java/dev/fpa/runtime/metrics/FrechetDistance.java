package dev.fpa.runtime.metrics;

import java.util.Locale;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The Fréchet distance between two Gaussians, which FID is: d² = ‖μ₁−μ₂‖² + tr Σ₁ + tr Σ₂ − 2·tr √(Σ₁Σ₂).
 *
 * <p>pytorch-fid forms the matrix square root of the non-symmetric Σ₁Σ₂ (scipy's sqrtm, a Schur decomposition)
 * only to take its trace. The trace is the sum of the square roots of the eigenvalues of Σ₁Σ₂, which are those of
 * the symmetric positive semi-definite Bᵀ·Σ₂·B for any factor B·Bᵀ = Σ₁. So one symmetric eigenvalue problem
 * (values only) replaces the square root, and the eigenvalues are real by construction: no imaginary residue,
 * no ε·I retry. The factor is Cholesky's when either covariance is positive definite (the two may swap roles,
 * since the eigenvalues of Σ₁Σ₂ and Σ₂Σ₁ agree), otherwise one from the range of Σ₁, whose rank is then small.
 * The cost is one Cholesky decomposition, two d×d products and one symmetric eigenvalue problem of size d, or of
 * the rank r when both covariances are singular (fewer vectors than dimensions). The first two routes run on
 * {@link DenseKernels#forDimension(int)}.
 */
public final class FrechetDistance {
    /**
     * How far below zero, relative to ‖μ₁−μ₂‖² + tr Σ₁ + tr Σ₂, rounding may take the distance of (nearly) equal
     * statistics. This computation gives exactly 0 for the fixture's FID(a, a) at 2048-d and stays within 10⁻¹⁴
     * elsewhere in the tests; pytorch-fid's scipy square root leaves −6.1·10⁻⁵ there, 4·10⁻⁷ of the traces. An
     * invalid covariance gives a distance below zero by a sizeable part of the traces.
     */
    private static final double ROUNDING = 1e-6;

    private FrechetDistance() {
    }

    public static double between(MeanAndCovariance a, MeanAndCovariance b) {
        return between(a, b, DenseKernels.forDimension(a.dim()));
    }

    static double between(MeanAndCovariance a, MeanAndCovariance b, DenseKernels kernels) {
        a.requireSameDim(b);
        double meanTerm = 0;
        for (int i = 0; i < a.dim(); i++) {
            double d = a.mean()[i] - b.mean()[i];
            meanTerm += d * d;
        }
        double traces = meanTerm + CommonOps_DDRM.trace(a.covariance()) + CommonOps_DDRM.trace(b.covariance());
        return nonNegative(traces - 2 * traceOfSquareRootOfProduct(a.covariance(), b.covariance(), kernels), traces);
    }

    /**
     * The distance, with rounding below zero (equal statistics) clamped to 0. Further below zero, or not a number,
     * it cannot come from covariances, which are positive semi-definite, so it is refused rather than reported.
     */
    private static double nonNegative(double distance, double traces) {
        if (!Double.isFinite(distance)) {
            throw new IllegalArgumentException("the Fréchet distance is " + distance
                    + ": the statistics hold numbers that are not finite");
        }
        if (distance >= -ROUNDING * traces) {
            return Math.max(distance, 0);
        }
        throw new IllegalArgumentException(String.format(Locale.ROOT, "the Fréchet distance came out at %.6g, below"
                + " zero beyond rounding: a covariance is not positive semi-definite, so the statistics are invalid",
                distance));
    }

    /** The dense kernels {@link #between(MeanAndCovariance, MeanAndCovariance)} runs on here at FID's size. */
    public static String kernels() {
        return kernels(FidBenchmark.FID_DIM);
    }

    /** The same at {@code dim} dimensions. */
    public static String kernels(int dim) {
        return DenseKernels.forDimension(dim).name();
    }

    /** tr √(Σ₁Σ₂) for symmetric positive semi-definite Σ₁ and Σ₂ of equal size. */
    private static double traceOfSquareRootOfProduct(DMatrixRMaj sigma1, DMatrixRMaj sigma2, DenseKernels kernels) {
        double[] eigenvalues = kernels.choleskyCongruenceEigenvalues(sigma1, sigma2)
                .or(() -> kernels.choleskyCongruenceEigenvalues(sigma2, sigma1))
                .orElseGet(() -> EjmlKernels.eigenvalues(
                        EjmlKernels.congruence(CovarianceFactor.fromRange(sigma1), sigma2)));
        return sumOfSquareRoots(eigenvalues);
    }

    /** Σ √λ over the eigenvalues of a symmetric positive semi-definite matrix; noise-level ones count as 0. */
    private static double sumOfSquareRoots(double[] values) {
        double largest = 0;
        for (double v : values) {
            largest = Math.max(largest, v);
        }
        double floor = NumericalRank.threshold(values.length, largest);
        double sum = 0;
        for (double v : values) {
            if (v > floor) {
                sum += Math.sqrt(v);
            }
        }
        return sum;
    }
}
