package dev.fpa.runtime.metrics;

import java.util.SplittableRandom;
import org.ejml.EjmlParameters;
import org.ejml.data.DMatrixRBlock;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.block.MatrixOps_DDRB;
import org.ejml.dense.block.MatrixOps_MT_DDRB;
import org.ejml.dense.row.CommonOps_MT_DDRM;

/**
 * KID (Bińkowski et al., 2018, "Demystifying MMD GANs"): the unbiased estimate of the squared maximum mean
 * discrepancy between two feature sets under the polynomial kernel k(x, y) = (xᵀy/d + 1)³, averaged over random
 * subsets as StyleGAN2-ADA and clean-fid do. For each subset, m vectors are drawn without replacement from each
 * set (m = min(n₁, n₂, maxSubsetSize)) and
 * MMD² = Σ_{i≠j} [k(xᵢ,xⱼ) + k(yᵢ,yⱼ)] / (m(m−1)) − 2·Σ_{i,j} k(xᵢ,yⱼ) / m².
 *
 * <p>The subsets come from a seeded {@link SplittableRandom}, so results are reproducible here but not
 * bit-equal to numpy's random choice; the kernels are computed in double precision (StyleGAN uses float32).
 * The cost is three m×d×m matrix products per subset: with the defaults at 2048-d, seconds per subset.
 */
public final class KernelInceptionDistance {
    /** StyleGAN2-ADA's and clean-fid's default number of subsets. */
    public static final int DEFAULT_NUM_SUBSETS = 100;
    /** StyleGAN2-ADA's and clean-fid's default largest subset. */
    public static final int DEFAULT_MAX_SUBSET_SIZE = 1000;

    /** How the subsets are drawn. */
    public record Options(int numSubsets, int maxSubsetSize, long seed) {
        public Options {
            if (numSubsets < 1 || maxSubsetSize < 2) {
                throw new IllegalArgumentException("KID needs at least 1 subset of at least 2 vectors, got "
                        + numSubsets + " subsets of at most " + maxSubsetSize);
            }
        }

        /** The StyleGAN2-ADA/clean-fid defaults with the given seed. */
        public static Options defaults(long seed) {
            return new Options(DEFAULT_NUM_SUBSETS, DEFAULT_MAX_SUBSET_SIZE, seed);
        }
    }

    /** The mean of the per-subset estimates and their standard deviation (population, ddof 0, as numpy's std). */
    public record Result(double mean, double std) {
    }

    private KernelInceptionDistance() {
    }

    /** KID between two feature sets given as consecutive rows of {@code dim} floats. */
    public static Result between(float[] a, float[] b, int dim, Options options) {
        int na = rows(a, dim, "first");
        int nb = rows(b, dim, "second");
        int m = Math.min(Math.min(na, nb), options.maxSubsetSize());
        if (m < 2) {
            throw new IllegalArgumentException("KID needs at least 2 feature vectors in each set, got " + na
                    + " and " + nb);
        }
        SplittableRandom random = new SplittableRandom(options.seed());
        double[] estimates = new double[options.numSubsets()];
        for (int s = 0; s < estimates.length; s++) {
            DMatrixRMaj x = subset(a, na, dim, m, random);
            DMatrixRMaj y = subset(b, nb, dim, m, random);
            estimates[s] = (kernelSum(x, x) + kernelSum(y, y)) / ((double) m * (m - 1))
                    - 2 * kernelSum(x, y) / ((double) m * m);
        }
        double mean = 0;
        for (double e : estimates) {
            mean += e;
        }
        mean /= estimates.length;
        double variance = 0;
        for (double e : estimates) {
            variance += (e - mean) * (e - mean);
        }
        return new Result(mean, Math.sqrt(variance / estimates.length));
    }

    private static int rows(float[] features, int dim, String which) {
        if (dim <= 0 || features.length % dim != 0) {
            throw new IllegalArgumentException("the " + which + " feature set (" + features.length
                    + " values) is not whole rows of " + dim + " features");
        }
        return features.length / dim;
    }

    /** m distinct rows chosen uniformly (a partial Fisher–Yates shuffle of the row indices). */
    private static DMatrixRMaj subset(float[] features, int n, int dim, int m, SplittableRandom random) {
        int[] index = new int[n];
        for (int i = 0; i < n; i++) {
            index[i] = i;
        }
        DMatrixRMaj out = new DMatrixRMaj(m, dim);
        for (int i = 0; i < m; i++) {
            int j = i + random.nextInt(n - i);
            int row = index[j];
            index[j] = index[i];
            index[i] = row;
            for (int k = 0; k < dim; k++) {
                out.data[i * dim + k] = features[row * dim + k];
            }
        }
        return out;
    }

    /**
     * Σ k(xᵢ, yⱼ) over all pairs, or over i ≠ j when x and y are the same subset. The Gram matrix of a subset
     * with itself uses the symmetric product (half the work), the cross one EJML's blocked product, which was
     * about twice as fast as the row-major one at 1000×2048.
     */
    private static double kernelSum(DMatrixRMaj x, DMatrixRMaj y) {
        boolean same = x == y;
        int m = x.numRows;
        double d = x.numCols;
        DMatrixRMaj gram;
        if (same) {
            gram = new DMatrixRMaj(m, m);
            CommonOps_MT_DDRM.multOuter(x, gram);
        } else {
            int width = EjmlParameters.BLOCK_WIDTH;
            DMatrixRBlock product = new DMatrixRBlock(m, y.numRows, width);
            MatrixOps_MT_DDRB.multTransB(MatrixOps_DDRB.convert(x, width), MatrixOps_DDRB.convert(y, width), product);
            gram = MatrixOps_DDRB.convert(product, (DMatrixRMaj) null);
        }
        double sum = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < y.numRows; j++) {
                if (same && i == j) {
                    continue;
                }
                double k = gram.data[i * y.numRows + j] / d + 1;
                sum += k * k * k;
            }
        }
        return sum;
    }
}
