package dev.fpa.runtime.latent;

/**
 * Seeded N(0,1) latents that are the same numbers on every JVM, platform and module.
 *
 * <p>Algorithm (fixed; changing it changes every published sample):
 * <ol>
 *   <li>A SplitMix64 generator (Steele, Lea and Flood 2014) starts from the 64-bit seed: each call adds
 *       0x9E3779B97F4A7C15 to the state and mixes it with the two multiply-xorshift rounds of the reference.</li>
 *   <li>A uniform double u = (next() >>> 11)·2⁻⁵³ in [0,1).</li>
 *   <li>Box–Muller in double precision on pairs (u₁, u₂): r = √(−2 ln(1 − u₁)), giving r·cos(2πu₂) then
 *       r·sin(2πu₂). {@link StrictMath} makes the transcendental functions bit-identical everywhere.</li>
 *   <li>Each value is rounded to float32. Values are consumed in row-major order of the (n, dim) result.</li>
 * </ol>
 * The trainer draws its latents through this class too, so a seed means the same latents in both modules.
 */
public final class LatentSampler {
    private long state;
    private double spare;
    private boolean hasSpare;

    public LatentSampler(long seed) {
        this.state = seed;
    }

    /** The next standard normal value. */
    public float nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return (float) spare;
        }
        double u1 = nextUniform();
        double u2 = nextUniform();
        double r = StrictMath.sqrt(-2.0 * StrictMath.log(1.0 - u1));
        double angle = 2.0 * StrictMath.PI * u2;
        spare = r * StrictMath.sin(angle);
        hasSpare = true;
        return (float) (r * StrictMath.cos(angle));
    }

    /** Fills a row-major (n, dim) block from this stream. */
    public float[] next(int n, int dim) {
        float[] out = new float[Math.multiplyExact(n, dim)];
        for (int i = 0; i < out.length; i++) {
            out[i] = nextGaussian();
        }
        return out;
    }

    /** n latents drawn in sequence from one seed: row-major (n, dim). */
    public static float[] sample(long seed, int n, int dim) {
        return new LatentSampler(seed).next(n, dim);
    }

    /**
     * One latent per seed: row i is the first dim values of seed i's stream, so a sample never depends on its batch.
     */
    public static float[] sampleEach(long[] seeds, int dim) {
        float[] out = new float[Math.multiplyExact(seeds.length, dim)];
        for (int i = 0; i < seeds.length; i++) {
            System.arraycopy(new LatentSampler(seeds[i]).next(1, dim), 0, out, i * dim, dim);
        }
        return out;
    }

    private double nextUniform() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** The next raw 64-bit number of the stream, e.g. to seed another stream that does not replay this one. */
    public long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
