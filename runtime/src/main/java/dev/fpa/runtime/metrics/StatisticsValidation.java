package dev.fpa.runtime.metrics;

import dev.fpa.runtime.array.DType;
import java.util.Locale;
import java.util.Optional;
import java.util.function.IntToDoubleFunction;
import org.ejml.data.DMatrixRMaj;

/**
 * What makes a mean and covariance read from a file unusable for FID, in words naming pytorch-fid's entries
 * ({@code mu}, {@code sigma}): numbers that are not finite, or a sigma that no set of vectors can have, one that is
 * not symmetric or not positive semi-definite. Accepting those would print a negative or infinite "FID".
 *
 * <p>Both matrix checks allow rounding up to {@value #TOLERANCE} of sigma's largest entry. A covariance computed in
 * double precision is symmetric and positive semi-definite far more closely than that (even the worst-case bound
 * on the rounding of 50,000 vectors of 2048 features, N·d·ε, is 2·10⁻⁸). A sigma stored as float32 has each entry
 * rounded by up to 2⁻²⁴ of the largest, which can move an eigenvalue by d times as much, so for float32 the
 * tolerance is d·2⁻²³ (twice that) where that is larger: 2.4·10⁻⁴ at 2048-d.
 */
final class StatisticsValidation {
    private static final double TOLERANCE = 1e-6;

    private StatisticsValidation() {
    }

    /** The first problem found, or empty when the statistics are usable; {@code stored} is sigma's type on disk. */
    static Optional<String> problem(double[] mean, DMatrixRMaj sigma, DType stored) {
        Optional<String> notFinite = firstNotFinite("mu", mean.length, 0, i -> mean[i])
                .or(() -> firstNotFinite("sigma", sigma.data.length, sigma.numCols, i -> sigma.data[i]));
        if (notFinite.isPresent()) {
            return notFinite;
        }
        int d = sigma.numRows;
        double largest = 0;
        for (double v : sigma.data) {
            largest = Math.max(largest, Math.abs(v));
        }
        double precision = stored == DType.FLOAT32 ? d * (double) Math.ulp(1f) : 0;
        double tolerance = Math.max(TOLERANCE, precision) * largest;
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                if (Math.abs(sigma.get(i, j) - sigma.get(j, i)) > tolerance) {
                    return Optional.of(String.format(Locale.ROOT, "sigma is not symmetric (sigma[%d, %d] = %.6g but"
                            + " sigma[%d, %d] = %.6g), so it is not a covariance matrix", i, j, sigma.get(i, j), j, i,
                            sigma.get(j, i)));
                }
            }
        }
        if (largest > 0 && !positiveSemiDefinite(sigma, tolerance)) {
            return Optional.of("sigma is not positive semi-definite (it has an eigenvalue below zero beyond rounding),"
                    + " so it is not a covariance matrix");
        }
        return Optional.empty();
    }

    /**
     * "sigma[3, 7] is NaN" for the first of {@code length} values that is not a finite number; {@code columns} is
     * the row length of a matrix, or 0 for a vector.
     */
    static Optional<String> firstNotFinite(String name, int length, int columns, IntToDoubleFunction value) {
        for (int i = 0; i < length; i++) {
            double v = value.applyAsDouble(i);
            if (!Double.isFinite(v)) {
                String index = columns == 0 ? String.valueOf(i) : i / columns + ", " + i % columns;
                return Optional.of(name + "[" + index + "] is " + (Double.isNaN(v) ? "NaN" : "infinite")
                        + "; statistics must be finite numbers");
            }
        }
        return Optional.empty();
    }

    /**
     * Whether every eigenvalue of the symmetric {@code sigma} is at least −{@code tolerance}: then, and only then
     * (up to the rounding of the decomposition itself), σ + tolerance·I has a Cholesky factor. A third of the work
     * of the eigenvalues themselves.
     */
    private static boolean positiveSemiDefinite(DMatrixRMaj sigma, double tolerance) {
        DMatrixRMaj shifted = sigma.copy();
        for (int i = 0; i < shifted.numRows; i++) {
            shifted.add(i, i, tolerance);
        }
        return DenseKernels.forDimension(shifted.numRows).hasCholeskyFactor(shifted);
    }
}
