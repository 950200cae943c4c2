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

    /** "A-B" (inclusive) or a single seed "A"; seeds are 0 or more. */
    public static SeedRange parse(String text) {
        String t = text.trim();
        int dash = t.indexOf('-', 1);
        try {
            long first = Long.parseLong(dash < 0 ? t : t.substring(0, dash));
            long last = dash < 0 ? first : Long.parseLong(t.substring(dash + 1));
            if (first < 0 || last < first) {
                throw new IllegalArgumentException("seeds must be 0 or more, the range ascending: " + text);
            }
            return new SeedRange(first, Math.addExact(last - first, 1));
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("not a seed or seed range A-B: " + text);
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
