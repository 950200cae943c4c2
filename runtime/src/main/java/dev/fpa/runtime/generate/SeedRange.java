package dev.fpa.runtime.generate;

/**
 * The seeds {@code first, first+1, …, first+count−1}: one sample per seed, as {@code fpa generate --seeds},
 * {@code fpa fid --model} and the FID during training draw them. The last seed must not overflow a long.
 */
public record SeedRange(long first, long count) {
    public SeedRange {
        if (count < 0) {
            throw new IllegalArgumentException("a seed range cannot hold " + count + " seeds");
        }
        if (count > 0 && first > Long.MAX_VALUE - (count - 1)) {
            throw new IllegalArgumentException("seeds " + first + " + " + count + " overflow a 64-bit seed");
        }
    }

    /** The seeds from position {@code offset} on, at most {@code max} of them (none past the end). */
    public long[] slice(long offset, int max) {
        if (offset < 0 || max < 0) {
            throw new IllegalArgumentException("offset and length must not be negative");
        }
        int n = (int) Math.max(0, Math.min(max, count - offset));
        long[] seeds = new long[n];
        for (int i = 0; i < n; i++) {
            seeds[i] = first + offset + i;
        }
        return seeds;
    }
}
