package dev.fpa.trainer.train;

import java.util.SplittableRandom;

/**
 * Every random draw of a run as a pure function of the run's seed, a restart count and where the draw happens (step,
 * phase, micro-batch, purpose): counter-based, like a keyed hash, so that the state a checkpoint needs to continue
 * bit for bit is just (seed, restarts, step). Restarts count recoveries from NaN losses: a recovery replays the
 * steps since the last checkpoint with fresh draws rather than the ones that diverged. Latents come from the
 * runtime's {@code LatentSampler} seeded with {@link #latentSeed}; other draws from {@link SplittableRandom}, whose
 * SplitMix64 algorithm is fixed by its specification.
 */
public final class RunRandomness {
    /** What a draw is for; each purpose has its own stream. */
    enum Purpose { INITIALISATION, LATENTS, AUGMENTATION, DATA_FLIPS, SHUFFLE, ENGINE, SAMPLES }

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private final long seed;
    private final int restarts;

    public RunRandomness(long seed, int restarts) {
        this.seed = seed;
        this.restarts = restarts;
    }

    public long seed() {
        return seed;
    }

    public int restarts() {
        return restarts;
    }

    /** The same run after one more NaN recovery. */
    public RunRandomness restarted() {
        return new RunRandomness(seed, restarts + 1);
    }

    long latentSeed(long step, GanStep.Phase phase, int micro) {
        return key(Purpose.LATENTS, step, phase.ordinal(), micro);
    }

    SplittableRandom augmentation(long step, GanStep.Phase phase, int micro) {
        return new SplittableRandom(key(Purpose.AUGMENTATION, step, phase.ordinal(), micro));
    }

    SplittableRandom dataFlips(long step, int micro) {
        return new SplittableRandom(key(Purpose.DATA_FLIPS, step, 0, micro));
    }

    /** Seeds torch's own generator (the base generator's noise layers, parameter initialisation). */
    int engineSeed(Purpose purpose, long step) {
        return (int) key(purpose, step, 0, 0);
    }

    /** The data order does not change with restarts: an epoch stays one permutation of the dataset. */
    SplittableRandom shuffle(long epoch) {
        return new SplittableRandom(mix(mix(seed ^ Purpose.SHUFFLE.ordinal()) + epoch));
    }

    /** The fixed latents of the sample grids, the same for the whole run. */
    long sampleSeed() {
        return mix(mix(seed ^ Purpose.SAMPLES.ordinal()));
    }

    private long key(Purpose purpose, long step, int phase, int micro) {
        long h = mix(seed ^ purpose.ordinal());
        h = mix(h + restarts);
        h = mix(h + step);
        h = mix(h + phase);
        return mix(h + micro);
    }

    /** SplitMix64's finaliser after a Weyl step: a bijection that scatters neighbouring inputs. */
    private static long mix(long x) {
        long z = x + GOLDEN_GAMMA;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
