package dev.fpa.runtime.metrics;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Count, mean and covariance of feature vectors that arrive in batches, in double precision.
 *
 * <p>Each batch is centred on its own mean and merged with the formula of Chan, Golub and LeVeque, so no large
 * sums of squares are ever subtracted from each other; the result equals the two-pass {@code np.cov} up to
 * rounding. Two accumulators over different vectors merge into the statistics of the union, e.g. one per thread.
 * The covariance uses the N−1 denominator, as {@code np.cov} and pytorch-fid do.
 */
public final class FeatureStatistics {
    /**
     * Rows per centred block: bounds the temporary copy of a large batch (512 rows of 2048 doubles is 8 MB)
     * while keeping the outer-product sums large enough for the multi-threaded kernels.
     */
    private static final int BLOCK_ROWS = 512;

    private final int dim;
    private long count;
    private final double[] mean;
    /** The sum of (x − mean)(x − mean)ᵀ over all vectors so far. */
    private final DMatrixRMaj scatter;
    private final DMatrixRMaj blockScatter;
    private final DenseKernels kernels;

    public FeatureStatistics(int dim) {
        if (dim <= 0) {
            throw new IllegalArgumentException("feature dimension must be positive, got " + dim);
        }
        this.dim = dim;
        this.mean = new double[dim];
        this.scatter = new DMatrixRMaj(dim, dim);
        this.kernels = DenseKernels.forDimension(dim);
        this.blockScatter = new DMatrixRMaj(dim, dim);
    }

    /** Adds feature vectors given as consecutive rows of {@link #dim()} floats. */
    public void add(float[] rows) {
        int n = rowCount(rows.length);
        for (int start = 0; start < n; start += BLOCK_ROWS) {
            int b = Math.min(BLOCK_ROWS, n - start);
            DMatrixRMaj block = new DMatrixRMaj(b, dim);
            for (int i = 0; i < b * dim; i++) {
                block.data[i] = rows[start * dim + i];
            }
            addBlock(block);
        }
    }

    /** Adds feature vectors given as consecutive rows of {@link #dim()} doubles. */
    public void add(double[] rows) {
        int n = rowCount(rows.length);
        for (int start = 0; start < n; start += BLOCK_ROWS) {
            int b = Math.min(BLOCK_ROWS, n - start);
            DMatrixRMaj block = new DMatrixRMaj(b, dim);
            System.arraycopy(rows, start * dim, block.data, 0, b * dim);
            addBlock(block);
        }
    }

    /** Adds all vectors that {@code other} has seen; {@code other} is unchanged. */
    public void merge(FeatureStatistics other) {
        if (other.dim != dim) {
            throw new IllegalArgumentException("cannot merge statistics of dimension " + other.dim + " into " + dim);
        }
        if (other == this) {
            throw new IllegalArgumentException("cannot merge statistics into themselves");
        }
        combine(other.count, other.mean, other.scatter);
    }

    public int dim() {
        return dim;
    }

    public long count() {
        return count;
    }

    /** The mean vector (a copy). */
    public double[] mean() {
        return mean.clone();
    }

    /** The covariance with the N−1 denominator (a new matrix); needs at least two vectors. */
    public DMatrixRMaj covariance() {
        if (count < 2) {
            throw new IllegalStateException("a covariance needs at least 2 feature vectors, got " + count);
        }
        DMatrixRMaj c = scatter.copy();
        CommonOps_DDRM.scale(1.0 / (count - 1), c);
        return c;
    }

    public MeanAndCovariance meanAndCovariance() {
        return new MeanAndCovariance(mean(), covariance());
    }

    private int rowCount(int length) {
        if (length % dim != 0) {
            throw new IllegalArgumentException(length + " values are not whole rows of " + dim + " features");
        }
        return length / dim;
    }

    /** Centres the block on its own mean (in place) and merges it. */
    private void addBlock(DMatrixRMaj block) {
        int b = block.numRows;
        double[] blockMean = new double[dim];
        for (int r = 0; r < b; r++) {
            for (int j = 0; j < dim; j++) {
                blockMean[j] += block.data[r * dim + j];
            }
        }
        for (int j = 0; j < dim; j++) {
            blockMean[j] /= b;
        }
        for (int r = 0; r < b; r++) {
            for (int j = 0; j < dim; j++) {
                block.data[r * dim + j] -= blockMean[j];
            }
        }
        kernels.scatter(block, blockScatter);
        combine(b, blockMean, blockScatter);
    }

    /** Chan et al.: merges n vectors with mean m and scatter s into these statistics. */
    private void combine(long n, double[] m, DMatrixRMaj s) {
        if (n == 0) {
            return;
        }
        long total = count + n;
        DMatrixRMaj delta = new DMatrixRMaj(dim, 1);
        for (int j = 0; j < dim; j++) {
            delta.data[j] = m[j] - mean[j];
        }
        CommonOps_DDRM.addEquals(scatter, s);
        if (count > 0) {
            CommonOps_DDRM.multAddTransB((double) count * n / total, delta, delta, scatter);
        }
        double weight = (double) n / total;
        for (int j = 0; j < dim; j++) {
            mean[j] += delta.data[j] * weight;
        }
        count = total;
    }
}
