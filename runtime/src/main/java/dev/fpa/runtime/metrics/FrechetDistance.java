package dev.fpa.runtime.metrics;

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
 * {@link DenseKernels#fastest()}.
 */
public final class FrechetDistance {
    private FrechetDistance() {
    }

    public static double between(MeanAndCovariance a, MeanAndCovariance b) {
        return between(a, b, DenseKernels.fastest());
    }

    static double between(MeanAndCovariance a, MeanAndCovariance b, DenseKernels kernels) {
        a.requireSameDim(b);
        double meanTerm = 0;
        for (int i = 0; i < a.dim(); i++) {
            double d = a.mean()[i] - b.mean()[i];
            meanTerm += d * d;
        }
        return meanTerm + CommonOps_DDRM.trace(a.covariance()) + CommonOps_DDRM.trace(b.covariance())
                - 2 * traceOfSquareRootOfProduct(a.covariance(), b.covariance(), kernels);
    }

    /** The name of the dense kernels {@link #between(MeanAndCovariance, MeanAndCovariance)} runs on here. */
    public static String kernels() {
        return DenseKernels.fastest().name();
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
