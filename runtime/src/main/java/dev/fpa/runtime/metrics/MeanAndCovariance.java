package dev.fpa.runtime.metrics;

import org.ejml.data.DMatrixRMaj;

/**
 * The Gaussian that FID fits to a set of feature vectors: pytorch-fid's {@code mu} and {@code sigma}.
 * The arrays are owned by the instance; callers must not modify them.
 */
public record MeanAndCovariance(double[] mean, DMatrixRMaj covariance) {
    public MeanAndCovariance {
        if (covariance.numRows != mean.length || covariance.numCols != mean.length) {
            throw new IllegalArgumentException("covariance of shape " + covariance.numRows + "x" + covariance.numCols
                    + " does not match a mean of " + mean.length + " entries");
        }
    }

    /** The feature dimension. */
    public int dim() {
        return mean.length;
    }

    /** Fails with a one-line message unless both describe features of the same dimension. */
    public void requireSameDim(MeanAndCovariance other) {
        if (dim() != other.dim()) {
            throw new IllegalArgumentException("the two statistics have different feature dimensions: "
                    + dim() + " and " + other.dim() + " (computed with different extractors?)");
        }
    }
}
