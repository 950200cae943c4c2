package dev.fpa.trainer.train;

import java.util.SplittableRandom;

/**
 * Which dataset images each micro-batch reads, as the official loader does (shuffle, drop_last, one permutation per
 * epoch), computed from the position alone: batch k of the run is batch k mod (n / b) of epoch k / (n / b), so a
 * resumed run reads exactly the images a straight run would have.
 */
final class BatchOrder {
    private final int datasetSize;
    private final int batchSize;
    private final RunRandomness randomness;
    private long cachedEpoch = -1;
    private int[] permutation;

    BatchOrder(int datasetSize, int batchSize, RunRandomness randomness) {
        if (datasetSize < batchSize) {
            throw new IllegalArgumentException("the dataset has " + datasetSize + " images, fewer than one batch of "
                    + batchSize);
        }
        this.datasetSize = datasetSize;
        this.batchSize = batchSize;
        this.randomness = randomness;
    }

    /** The dataset indices of the run's {@code batch}-th micro-batch (counting from 0). */
    int[] indices(long batch) {
        long perEpoch = datasetSize / batchSize;
        long epoch = batch / perEpoch;
        if (epoch != cachedEpoch) {
            permutation = shuffled(datasetSize, randomness.shuffle(epoch));
            cachedEpoch = epoch;
        }
        int[] out = new int[batchSize];
        System.arraycopy(permutation, Math.toIntExact(batch % perEpoch) * batchSize, out, 0, batchSize);
        return out;
    }

    /** 0…n−1 in a random order (Fisher–Yates). */
    static int[] shuffled(int n, SplittableRandom random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
