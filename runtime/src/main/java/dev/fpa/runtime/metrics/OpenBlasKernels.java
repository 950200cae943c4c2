package dev.fpa.runtime.metrics;

import static org.bytedeco.openblas.global.openblas.CblasLeft;
import static org.bytedeco.openblas.global.openblas.CblasLower;
import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasNonUnit;
import static org.bytedeco.openblas.global.openblas.CblasRight;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas.CblasTrans;
import static org.bytedeco.openblas.global.openblas.LAPACK_COL_MAJOR;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dpotrf;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dsyevd;
import static org.bytedeco.openblas.global.openblas.cblas_dsyrk;
import static org.bytedeco.openblas.global.openblas.cblas_dtrmm;

import java.util.Optional;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas;
import org.ejml.data.DMatrixRMaj;

/**
 * {@link DenseKernels} on OpenBLAS (bytedeco's build, whose native library ships in a Maven artifact, so nothing
 * is downloaded): LAPACK's Cholesky, two triangular products and the divide-and-conquer symmetric eigensolver
 * (values only). Matrices are EJML's row-major arrays, passed as they are.
 */
final class OpenBlasKernels implements DenseKernels {
    private OpenBlasKernels() {
    }

    /** Empty when the native library does not load here (another platform, no writable cache directory). */
    static Optional<DenseKernels> load() {
        try {
            Loader.load(openblas.class);
            return Optional.of(new OpenBlasKernels());
        } catch (LinkageError | RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public String name() {
        return "OpenBLAS";
    }

    @Override
    public void scatter(DMatrixRMaj block, DMatrixRMaj out) {
        int d = block.numCols;
        out.reshape(d, d);
        cblas_dsyrk(CblasRowMajor, CblasLower, CblasTrans, d, block.numRows, 1, block.data, d, 0, out.data, d);
        mirrorLowerTriangle(out);
    }

    @Override
    public Optional<double[]> choleskyCongruenceEigenvalues(DMatrixRMaj sigma1, DMatrixRMaj sigma2) {
        int n = sigma1.numRows;
        // A symmetric matrix is its own transpose, so LAPACK may read the row-major arrays as column-major (its
        // native layout: no transposed copies): its upper triangle U, with UᵀU = Σ₁, is then our lower L.
        double[] lower = sigma1.data.clone();
        if (LAPACKE_dpotrf(LAPACK_COL_MAJOR, (byte) 'U', n, lower, n) != 0
                || !CovarianceFactor.pivotsAboveNoise(sigma1, i -> lower[i * n + i])) {
            return Optional.empty();
        }
        double[] product = sigma2.data.clone();
        cblas_dtrmm(CblasRowMajor, CblasRight, CblasLower, CblasNoTrans, CblasNonUnit, n, n, 1, lower, n, product, n);
        cblas_dtrmm(CblasRowMajor, CblasLeft, CblasLower, CblasTrans, CblasNonUnit, n, n, 1, lower, n, product, n);
        double[] values = new double[n];
        int info = LAPACKE_dsyevd(LAPACK_COL_MAJOR, (byte) 'N', (byte) 'U', n, product, n, values);
        if (info != 0) {
            throw new IllegalStateException("the " + n + "x" + n + " symmetric eigenvalue problem did not converge"
                    + " (LAPACK dsyevd info " + info + ")");
        }
        return Optional.of(values);
    }

    /** Row-major lower is column-major upper, as in {@link #choleskyCongruenceEigenvalues}. */
    @Override
    public boolean hasCholeskyFactor(DMatrixRMaj matrix) {
        return LAPACKE_dpotrf(LAPACK_COL_MAJOR, (byte) 'U', matrix.numRows, matrix.data, matrix.numRows) == 0;
    }

    private static void mirrorLowerTriangle(DMatrixRMaj m) {
        int n = m.numRows;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                m.data[i * n + j] = m.data[j * n + i];
            }
        }
    }
}
