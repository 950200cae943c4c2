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

    /**
     * Feature size from which OpenBLAS is used. Below it every step takes milliseconds in Java, while loading
     * OpenBLAS costs a few tenths of a second and its idle threads keep spinning after each call: at 128
     * dimensions they took a core from the generator and the feature model for a third of an 'fpa fid' run
     * (DESIGN.md §13).
     */
    int NATIVE_FROM_DIM = 512;

    /** OpenBLAS when its native library loads on this machine, else EJML. */
    static DenseKernels fastest() {
        return Fastest.KERNELS;
    }

    /** The kernels for d-dimensional features: EJML below {@link #NATIVE_FROM_DIM}, else {@link #fastest()}. */
    static DenseKernels forDimension(int d) {
        return d < NATIVE_FROM_DIM ? EjmlKernels.INSTANCE : fastest();
    }

    /** Resolved once, on first use. */
    final class Fastest {
        static final DenseKernels KERNELS = OpenBlasKernels.load().orElse(EjmlKernels.INSTANCE);

        private Fastest() {
        }
    }
}
