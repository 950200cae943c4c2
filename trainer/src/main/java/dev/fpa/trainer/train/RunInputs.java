package dev.fpa.trainer.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.fpa.trainer.data.PreparedDataset;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * What a run's iterations consume, drawn from its {@link RunRandomness} at the state's current step: latents from
 * the runtime's sampler, augmentation draws, torch's seed, and real batches read in {@link BatchOrder} from a
 * dataset (each image mirrored with probability dataset_aug_prob) or, for benchmarks, uniform noise images.
 */
public final class RunInputs implements GanStep.Inputs {
    /** Fills one micro-batch (b, C, S, S) of real images in [0, 1]; {@code batch} counts micro-batches from 0. */
    private interface RealImages {
        void fill(long batch, boolean[] flips, float[] out);
    }

    private final TrainingState state;
    private final RealImages images;

    private RunInputs(TrainingState state, RealImages images) {
        this.state = state;
        this.images = images;
    }

    public static RunInputs fromDataset(TrainingState state, PreparedDataset dataset) {
        BatchOrder order = new BatchOrder(dataset.count(), state.config().training().batchSize(), state.randomness());
        return new RunInputs(state, (batch, flips, out) -> dataset.batch(order.indices(batch), flips, out));
    }

    /** Uniform random images instead of data, as the official parity runs used: for speed and memory checks. */
    public static RunInputs synthetic(TrainingState state) {
        return new RunInputs(state, (batch, flips, out) -> {
            SplittableRandom random = new SplittableRandom(batch);
            for (int i = 0; i < out.length; i++) {
                out[i] = random.nextFloat();
            }
        });
    }

    @Override
    public NDArray realBatch(NDManager manager, int micro) {
        TrainingConfig t = state.config().training();
        int b = t.batchSize();
        int c = state.config().generator().channels();
        int s = state.config().generator().imageSize();
        boolean[] flips = new boolean[b];
        RandomGenerator random = state.randomness().dataFlips(state.step(), micro);
        for (int i = 0; i < b; i++) {
            flips[i] = random.nextDouble() < t.datasetAugProb();
        }
        float[] out = new float[b * c * s * s];
        images.fill(state.step() * t.gradientAccumulateEvery() + micro, flips, out);
        return manager.create(out, new Shape(b, c, s, s));
    }

    @Override
    public NDArray latents(NDManager manager, GanStep.Phase phase, int micro) {
        long seed = state.randomness().latentSeed(state.step(), phase, micro);
        return Latents.sample(manager, seed, state.config().training().batchSize(),
                state.config().generator().latentDim());
    }

    @Override
    public RandomGenerator augmentation(GanStep.Phase phase, int micro) {
        return state.randomness().augmentation(state.step(), phase, micro);
    }

    @Override
    public void seedEngine(GanStep.Phase phase) {
        long draw = state.step() * GanStep.Phase.values().length + phase.ordinal();
        Engine.getInstance().setRandomSeed(state.randomness().engineSeed(RunRandomness.Purpose.ENGINE, draw));
    }
}
