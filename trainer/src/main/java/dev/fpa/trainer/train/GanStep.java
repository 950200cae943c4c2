package dev.fpa.trainer.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.fpa.trainer.model.Discriminator;
import dev.fpa.trainer.model.ImageGenerator;
import dev.fpa.trainer.model.LstmDeltaGenerator;
import dev.fpa.trainer.model.PainterGenerator;
import dev.fpa.trainer.model.StateDictLoader;
import dev.fpa.trainer.model.Scalars;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * One official training iteration (DESIGN.md §7.2): the discriminator step (hinge losses of both heads, the
 * reconstruction loss, the gradient penalty on penalty steps, Adam), the generator step (the mean fake logits of both
 * heads, plus the U-Net match loss if asked, gradient clipping for lstm_delta types, Adam), then the EMA update and
 * reset of GE. Each step accumulates gradient_accumulate_every micro-batches, each loss divided by that count.
 *
 * <p>Every micro-batch runs on its own NDManager, closed at its end, so nothing an iteration computes survives it.
 * The discriminator's parameters are frozen during the generator step: the official code computes their gradients
 * there only to discard them.
 */
public final class GanStep {
    /** Which half of the iteration a draw belongs to. */
    public enum Phase { DISCRIMINATOR, GENERATOR }

    /** The official resets of GE fall at steps 2, 1002, 2002, … */
    private static final int EMA_RESET_PHASE = 2;
    /** The model types the official code clips (clip, clip_rnn), and the LSTM's parameters for clip_rnn. */
    private static final Set<String> CLIPPED_TYPES = Set.of(LstmDeltaGenerator.MODEL_TYPE,
            LstmDeltaGenerator.MODEL_TYPE + "_unet");
    private static final String LSTM_PREFIX = "decoder_rnn.";

    /** What one iteration consumes; the training loop draws it, tests supply official arrays. */
    public interface Inputs {
        /** Real images (b, C, S, S) in [0, 1]. */
        NDArray realBatch(NDManager manager, int micro);

        /** Latents (b, latent_dim). */
        NDArray latents(NDManager manager, Phase phase, int micro);

        /** The random draws of the augmentation and of decoder2's quadrant. */
        RandomGenerator augmentation(Phase phase, int micro);

        /** Seeds torch's generator before a phase (noise layers of the base generator). */
        default void seedEngine(Phase phase) {
        }
    }

    /**
     * The iteration's losses, averaged over micro-batches. d_loss and g_loss are what the official code reports
     * (full-resolution head only); reconstruction, penalty and match are NaN when the iteration had none.
     */
    public record Losses(double dLoss, double dLoss32, double reconstruction, double penalty, double dTotal,
            double gLoss, double gLoss32, double match, double gTotal) {

        /** Whether the losses that were back-propagated are finite. */
        public boolean finite() {
            return Double.isFinite(dTotal) && Double.isFinite(gTotal);
        }
    }

    private final TrainingState state;
    private final GradientPenalty penalty;
    private final DiffAugment augment;
    private final DiscriminatorLoss discriminatorLoss;

    public GanStep(TrainingState state, InputGradient inputGradient) {
        TrainingConfig t = state.config().training();
        this.state = state;
        this.penalty = new GradientPenalty(inputGradient, t.gpWeight());
        this.augment = new DiffAugment(t.augProb(), t.augTypes());
        this.discriminatorLoss = DiscriminatorLoss.forModel(state.config().generator());
    }

    /** Runs iteration {@link TrainingState#step()} and advances the step. */
    public Losses run(Inputs inputs) {
        TrainingConfig t = state.config().training();
        long step = state.step();
        Sums d = discriminatorStep(inputs, step % t.gpEvery() == 0);
        Sums g = generatorStep(inputs);
        if (step > t.emaStart() && step % t.emaEvery() == 0) {
            ExponentialAverage.update(state.generator(), state.emaGenerator(), t.emaDecay(), t.emaOnlyUnet());
        }
        if (step <= t.emaResetUntil() && step % t.emaResetEvery() == EMA_RESET_PHASE) {
            ExponentialAverage.reset(state.generator(), state.emaGenerator());
        }
        state.setStep(step + 1);
        int n = t.gradientAccumulateEvery();
        return new Losses(d.fullHead / n, d.head32 / n, d.extra / n, d.penalty / n, d.total,
                g.fullHead / n, g.head32 / n, g.extra / n, g.total);
    }

    /**
     * A phase's loss sums over its micro-batches: the adversarial losses of the full-resolution and 32×32 heads, the
     * extra term (D: reconstruction, G: U-Net match) and the penalty, both NaN when absent, and the total.
     */
    private static final class Sums {
        double fullHead;
        double head32;
        double extra = Double.NaN;
        double penalty = Double.NaN;
        double total;

        static double plus(double sum, double value) {
            return Double.isNaN(sum) ? value : sum + value;
        }
    }

    private Sums discriminatorStep(Inputs inputs, boolean applyPenalty) {
        TrainingState s = state;
        int accumulate = s.config().training().gradientAccumulateEvery();
        Discriminator d = s.discriminator();
        Sums sums = new Sums();
        s.discriminatorOptimizer().zeroGrad();
        inputs.seedEngine(Phase.DISCRIMINATOR);
        for (int micro = 0; micro < accumulate; micro++) {
            try (NDManager m = s.manager().newSubManager()) {
                ParameterStore ps = new ParameterStore(m, false);
                RandomGenerator random = inputs.augmentation(Phase.DISCRIMINATOR, micro);
                NDArray fakes = fakesForDiscriminator(generated(ps, inputs.latents(m, Phase.DISCRIMINATOR, micro)))
                        .stopGradient();
                NDArray reals = inputs.realBatch(m, micro);
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    if (applyPenalty) {
                        reals.setRequiresGradient(true);
                    }
                    Discriminator.Judgement fake = d.judge(ps, augment.apply(fakes, random), true);
                    Discriminator.Judgement real = d.judgeWithReconstruction(ps, augment.apply(reals, random), true,
                            random.nextInt(Discriminator.QUADRANTS));
                    NDArray hinge = discriminatorLoss.of(real.logits(), fake.logits());
                    NDArray hinge32 = discriminatorLoss.of(real.logits32(), fake.logits32());
                    NDArray total = hinge.add(hinge32);
                    if (real.reconstructionLoss() != null) {
                        total = total.add(real.reconstructionLoss());
                        sums.extra = Sums.plus(sums.extra, real.reconstructionLoss().getFloat());
                    }
                    if (applyPenalty) {
                        NDArray gp = penalty.of(real.logits().sum().add(real.logits32().sum()), reals);
                        float value = gp.getFloat();
                        // The official code leaves out a NaN penalty rather than poison the step.
                        if (!Float.isNaN(value)) {
                            total = total.add(gp);
                            sums.penalty = Sums.plus(sums.penalty, value);
                        }
                    }
                    total = total.div(Scalars.like(total, accumulate));
                    collector.backward(total);
                    sums.fullHead += hinge.getFloat();
                    sums.head32 += hinge32.getFloat();
                    sums.total += total.getFloat();
                }
            }
        }
        s.discriminatorOptimizer().step();
        return sums;
    }

    private Sums generatorStep(Inputs inputs) {
        TrainingState s = state;
        TrainingConfig t = s.config().training();
        int accumulate = t.gradientAccumulateEvery();
        Sums sums = new Sums();
        s.generatorOptimizer().zeroGrad();
        inputs.seedEngine(Phase.GENERATOR);
        setTrainable(s.discriminatorOptimizer(), false);
        try {
            for (int micro = 0; micro < accumulate; micro++) {
                try (NDManager m = s.manager().newSubManager();
                        GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    ParameterStore ps = new ParameterStore(m, false);
                    RandomGenerator random = inputs.augmentation(Phase.GENERATOR, micro);
                    NDArray images = generated(ps, inputs.latents(m, Phase.GENERATOR, micro));
                    Discriminator.Judgement fake = s.discriminator().judge(ps,
                            augment.apply(fakesForDiscriminator(images), random), true);
                    NDArray loss = fake.logits().mean();
                    NDArray loss32 = fake.logits32().mean();
                    NDArray total = loss.add(loss32);
                    if (t.useUnetMatchLoss()) {
                        NDArray match = matchLoss(images);
                        total = total.add(match);
                        sums.extra = Sums.plus(sums.extra, match.getFloat());
                    }
                    total = total.div(Scalars.like(total, accumulate));
                    collector.backward(total);
                    sums.fullHead += loss.getFloat();
                    sums.head32 += loss32.getFloat();
                    sums.total += total.getFloat();
                }
            }
        } finally {
            setTrainable(s.discriminatorOptimizer(), true);
        }
        clipGradients();
        s.generatorOptimizer().step();
        return sums;
    }

    /** What G makes for the discriminator in training (DESIGN.md §4.3, §4.4): intermediate or pre-U-Net images too. */
    private NDArray generated(ParameterStore ps, NDArray z) {
        ImageGenerator g = state.generator();
        return g instanceof PainterGenerator painter ? painter.trainingOutputs(ps, z, true)
                : g.forward(ps, new NDList(z), true).singletonOrThrow();
    }

    /** With use_unet_match_loss_only the discriminator judges only the U-Net half of [W_T; U(…)]. */
    private NDArray fakesForDiscriminator(NDArray generated) {
        return state.config().training().useUnetMatchLossOnly() ? unetHalf(generated) : generated;
    }

    /** MSE(U-Net output, detached; painter output): it trains the painter towards what the U-Net makes of it. */
    private static NDArray matchLoss(NDArray generated) {
        return unetHalf(generated).stopGradient().sub(painterHalf(generated)).square().mean();
    }

    private static NDArray painterHalf(NDArray generated) {
        return generated.get(":" + generated.getShape().get(0) / 2);
    }

    private static NDArray unetHalf(NDArray generated) {
        return generated.get(generated.getShape().get(0) / 2 + ":");
    }

    private static void setTrainable(TorchAdam optimizer, boolean trainable) {
        for (Parameter p : optimizer.parameters()) {
            p.freeze(!trainable);
        }
    }

    /** The official clip (all of G) or, failing that, clip_rnn (the LSTM), for lstm_delta and lstm_delta_unet. */
    private void clipGradients() {
        TrainingConfig t = state.config().training();
        if (!CLIPPED_TYPES.contains(state.config().generator().modelType())) {
            return;
        }
        if (t.clip() > 0) {
            GradientClipping.clipNorm(state.generatorOptimizer().parameters(), t.clip());
        } else if (t.clipRnn() > 0) {
            List<Parameter> lstm = StateDictLoader.namedParameters(state.generator()).entrySet().stream()
                    .filter(e -> e.getKey().startsWith(LSTM_PREFIX) && e.getValue().requiresGradient())
                    .map(Map.Entry::getValue).toList();
            GradientClipping.clipNorm(lstm, t.clipRnn());
        }
    }
}
