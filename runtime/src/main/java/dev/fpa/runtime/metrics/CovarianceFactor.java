package dev.fpa.runtime.metrics;

import java.util.Optional;
import java.util.function.IntToDoubleFunction;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;
import org.ejml.dense.row.decomposition.qr.QRColPivDecompositionHouseholderColumn_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Factors B with B·Bᵀ = Σ of a covariance matrix Σ (symmetric positive semi-definite), which turn the trace of
 * √(Σ₁Σ₂) into an eigenvalue problem of the symmetric matrix Bᵀ·Σ₂·B.
 */
final class CovarianceFactor {
    private CovarianceFactor() {
    }

    /**
     * The lower-triangular Cholesky factor when Σ is numerically positive definite: the fast route, taken by the
     * covariances of more samples than dimensions. Empty when a pivot is at rounding-noise level.
     */
    static Optional<DMatrixRMaj> cholesky(DMatrixRMaj sigma) {
        int n = sigma.numRows;
        CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(n, true);
        if (!chol.decompose(sigma.copy())) {
            return Optional.empty();
        }
        DMatrixRMaj lower = chol.getT(null);
        return pivotsAboveNoise(sigma, i -> lower.get(i, i)) ? Optional.of(lower) : Optional.empty();
    }

    /**
     * Whether every pivot L[i,i]² of Σ's Cholesky factor is above rounding noise relative to Σ's largest
     * diagonal entry; otherwise Σ is (numerically) singular and the factor would carry that noise.
     */
    static boolean pivotsAboveNoise(DMatrixRMaj sigma, IntToDoubleFunction pivot) {
        int n = sigma.numRows;
        double largestDiagonal = 0;
        for (int i = 0; i < n; i++) {
            largestDiagonal = Math.max(largestDiagonal, sigma.get(i, i));
        }
        double floor = NumericalRank.threshold(n, largestDiagonal);
        for (int i = 0; i < n; i++) {
            double p = pivot.applyAsDouble(i);
            if (!(p * p > floor)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A factor of n × r, where r is the numerical rank of Σ: an orthonormal basis Q of Σ's range from a
     * rank-revealing (column-pivoted) QR, which stops after r steps, then the eigen-decomposition Qᵀ·Σ·Q = W·D·Wᵀ
     * of size r, giving B = Q·W·√D. Costs O(n²r), so it is cheap exactly when Cholesky fails for few samples.
     */
    static DMatrixRMaj fromRange(DMatrixRMaj sigma) {
        int n = sigma.numRows;
        QRColPivDecompositionHouseholderColumn_DDRM qr =
                new QRColPivDecompositionHouseholderColumn_DDRM(NumericalRank.relativeTolerance(n));
        qr.decompose(sigma.copy());
        int rank = qr.getRank();
        if (rank == 0) {
            return new DMatrixRMaj(n, 0);
        }
        DMatrixRMaj basis = CommonOps_DDRM.extract(qr.getQ(null, true), 0, n, 0, rank);

        DMatrixRMaj sigmaBasis = new DMatrixRMaj(n, rank);
        CommonOps_MT_DDRM.mult(sigma, basis, sigmaBasis);
        DMatrixRMaj reduced = new DMatrixRMaj(rank, rank);
        CommonOps_MT_DDRM.multTransA(basis, sigmaBasis, reduced);

        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(rank, true, true);
        if (!eig.decompose(reduced)) {
            throw new IllegalStateException("the eigen-decomposition of a " + rank + "x" + rank
                    + " covariance block did not converge");
        }
        double largest = 0;
        for (int k = 0; k < rank; k++) {
            largest = Math.max(largest, eig.getEigenvalue(k).real);
        }
        double floor = NumericalRank.threshold(rank, largest);
        DMatrixRMaj scaledVectors = new DMatrixRMaj(rank, rank);
        for (int k = 0; k < rank; k++) {
            double lambda = eig.getEigenvalue(k).real;
            double scale = lambda > floor ? Math.sqrt(lambda) : 0;
            DMatrixRMaj v = eig.getEigenVector(k);
            for (int i = 0; i < rank; i++) {
                scaledVectors.set(i, k, v.get(i) * scale);
            }
        }
        DMatrixRMaj factor = new DMatrixRMaj(n, rank);
        CommonOps_MT_DDRM.mult(basis, scaledVectors, factor);
        return factor;
    }
}
