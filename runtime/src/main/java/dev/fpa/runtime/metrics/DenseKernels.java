package dev.fpa.runtime.metrics;

import java.util.Optional;
import org.ejml.data.DMatrixRMaj;

/**
 * The O(d³) steps of FID at feature size: the scatter XᵀX of a block of feature vectors, the eigenvalues behind
 * tr √(Σ₁Σ₂), and the Cholesky test that checks a covariance read from a file. At pytorch-fid's 2048 dimensions
 * pure Java (EJML) needs about 13 s for the distance where native OpenBLAS needs about 1 s, so OpenBLAS is used
 * where its bundled library loads and EJML everywhere else.
 */
interface DenseKernels {
    /** A short name for benchmarks and logs. */
    String name();

    /** out = XᵀX for the rows of {@code block} (b × d); out is d × d and fully filled. */
    void scatter(DMatrixRMaj block, DMatrixRMaj out);

    /**
     * The eigenvalues of Lᵀ·Σ₂·L, where L is the Cholesky factor of Σ₁ (L·Lᵀ = Σ₁): those of Σ₁Σ₂. Empty when Σ₁
     * is not numerically positive definite (see {@link CovarianceFactor#pivotsAboveNoise}).
     */
    Optional<double[]> choleskyCongruenceEigenvalues(DMatrixRMaj sigma1, DMatrixRMaj sigma2);

    /**
     * Whether the symmetric {@code matrix} (lower triangle read) has a Cholesky factor, i.e. is numerically
     * positive definite; the matrix may be overwritten.
     */
    boolean hasCholeskyFactor(DMatrixRMaj matrix);

    /** OpenBLAS when its native library loads on this machine, else EJML. */
    static DenseKernels fastest() {
        return Fastest.KERNELS;
    }

    /** Resolved once, on first use. */
    final class Fastest {
        static final DenseKernels KERNELS = OpenBlasKernels.load().orElse(EjmlKernels.INSTANCE);

        private Fastest() {
        }
    }
}
