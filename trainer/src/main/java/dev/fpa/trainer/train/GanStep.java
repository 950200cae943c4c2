package dev.fpa.trainer.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.fpa.trainer.model.discriminator.Discriminator;
import dev.fpa.trainer.model.layers.ImageGenerator;
import dev.fpa.trainer.model.painter.LstmDeltaGenerator;
import dev.fpa.trainer.model.painter.PainterGenerator;
import dev.fpa.trainer.model.layers.StateDictLoader;
import dev.fpa.trainer.model.layers.Scalars;
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

    /** The model types the official code clips (clip, clip_rnn), and the LSTM's parameters for clip_rnn. */
    private static final Set<String> CLIPPED_TYPES = Set.of(LstmDeltaGenerator.MODEL_TYPE,
            LstmDeltaGenerator.MODEL_TYPE + "_unet");
    private static final String LSTM_PREFIX = "decoder_rnn.";
    /** Images per part of the reals' judgement on penalty steps (see {@link #judgeReals}). */
    private static final long PENALTY_PART = 8;

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
    private final PhaseClock clock = new PhaseClock();
    private final GradientPenalty penalty;
    private final DiffAugment augment;
    private final DiscriminatorLoss discriminatorLoss;
    private final EmaSchedule ema;

    public GanStep(TrainingState state, InputGradient inputGradient) {
        TrainingConfig t = state.config().training();
        this.ema = new EmaSchedule(t);
        this.state = state;
        this.penalty = new GradientPenalty(inputGradient, t.gpWeight());
        this.augment = new DiffAugment(t.augProb(), t.augTypes());
        this.discriminatorLoss = DiscriminatorLoss.forModel(state.config().generator());
    }

    /** The time of each phase of the iterations this step ran, summed until the clock is reset. */
    public PhaseClock clock() {
        return clock;
    }

    /** Runs iteration {@link TrainingState#step()} and advances the step. */
    public Losses run(Inputs inputs) {
        TrainingConfig t = state.config().training();
        long step = state.step();
        clock.start();
        Sums d = discriminatorStep(inputs, step % t.gpEvery() == 0);
        Sums g = generatorStep(inputs);
        if (ema.updatesAt(step)) {
            ExponentialAverage.update(state.generator(), state.emaGenerator(), t.emaDecay(), t.emaOnlyUnet());
        }
        if (ema.resetsAt(step)) {
            ExponentialAverage.reset(state.generator(), state.emaGenerator());
        }
        clock.charge(PhaseClock.Phase.EMA);
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

    /**
     * The D step. The fakes are judged and back-propagated first, in a manager of their own that is closed before
     * the reals are judged: every loss is a sum of a fake and a real share, so the gradients add up to those of one
     * backward through both, while only one of the two graphs is held at a time.
     */
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
                NDArray latents = inputs.latents(m, Phase.DISCRIMINATOR, micro);
                NDArray reals = inputs.realBatch(m, micro);
                clock.charge(PhaseClock.Phase.DATA);
                NDArray fakes = fakesForDiscriminator(generated(ps, latents)).stopGradient();
                long realBatch = reals.getShape().get(0);
                long fakeBatch = fakes.getShape().get(0);
                clock.charge(PhaseClock.Phase.D_STEP_GENERATE);
                try (NDManager pass = m.newSubManager();
                        GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    fakes.attach(pass);
                    Discriminator.Judgement fake = d.judge(ps, augment.apply(fakes, random), true);
                    NDArray hinge = discriminatorLoss.fakeTerm(fake.logits(), realBatch, fakeBatch);
                    NDArray hinge32 = discriminatorLoss.fakeTerm(fake.logits32(), realBatch, fakeBatch);
                    NDArray total = hinge.add(hinge32);
                    total = total.div(Scalars.like(total, accumulate));
                    clock.charge(PhaseClock.Phase.D_FORWARD);
                    collector.backward(total);
                    sums.fullHead += hinge.getFloat();
                    sums.head32 += hinge32.getFloat();
                    sums.total += total.getFloat();
                }
                clock.charge(PhaseClock.Phase.D_BACKWARD);
                judgeReals(reals, fakeBatch, applyPenalty, random, ps, sums);
            }
        }
        s.discriminatorOptimizer().step();
        clock.charge(PhaseClock.Phase.D_ADAM);
        return sums;
    }

    /**
     * The reals' share of the D step. On penalty steps the batch is judged in parts of at most
     * {@value #PENALTY_PART} images, each back-propagated and freed before the next: the penalty's double backward
     * holds the graph of the judgement, of the input gradient and of its own, and the discriminator judges every
     * image on its own, so the parts' shares add up to the whole batch's loss. The augmentation is applied to the
     * whole batch once, as the official code does, and its graph is kept until the last part.
     */
    private void judgeReals(NDArray reals, long fakeBatch, boolean applyPenalty, RandomGenerator random,
            ParameterStore ps, Sums sums) {
        Discriminator d = state.discriminator();
        int accumulate = state.config().training().gradientAccumulateEvery();
        long realBatch = reals.getShape().get(0);
        long part = applyPenalty ? PENALTY_PART : realBatch;
        try (NDManager pass = reals.getManager().newSubManager();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            reals.attach(pass);
            if (applyPenalty) {
                reals.setRequiresGradient(true);
            }
            NDArray augmented = augment.apply(reals, random);
            int quadrant = random.nextInt(Discriminator.QUADRANTS);
            for (long from = 0; from < realBatch; from += part) {
                long to = Math.min(realBatch, from + part);
                try (NDManager scratch = pass.newSubManager()) {
                    NDArray images = to - from == realBatch ? augmented : augmented.get(from + ":" + to);
                    images.tempAttach(scratch);
                    Discriminator.Judgement real = d.judgeWithReconstruction(ps, images, true, quadrant);
                    NDArray hinge = discriminatorLoss.realTerm(real.logits(), realBatch, fakeBatch);
                    NDArray hinge32 = discriminatorLoss.realTerm(real.logits32(), realBatch, fakeBatch);
                    NDArray total = hinge.add(hinge32);
                    if (real.reconstructionLoss() != null) {
                        // a part's mean squared error, weighted to its share of the batch's mean
                        NDArray share = real.reconstructionLoss().mul(
                                Scalars.like(hinge, (double) (to - from) / realBatch));
                        total = total.add(share);
                        sums.extra = Sums.plus(sums.extra, share.getFloat());
                    }
                    clock.charge(PhaseClock.Phase.D_FORWARD);
                    if (applyPenalty) {
                        NDArray gp = penalty.of(real.logits().sum().add(real.logits32().sum()), reals, from, to,
                                realBatch);
                        float value = gp.getFloat();
                        // The official code leaves out a NaN penalty rather than poison the step.
                        if (!Float.isNaN(value)) {
                            total = total.add(gp);
                            sums.penalty = Sums.plus(sums.penalty, value);
                        }
                        clock.charge(PhaseClock.Phase.PENALTY);
                    }
                    total = total.div(Scalars.like(total, accumulate));
                    TorchGradients.backward(total, to < realBatch);
                    sums.fullHead += hinge.getFloat();
                    sums.head32 += hinge32.getFloat();
                    sums.total += total.getFloat();
                }
                clock.charge(PhaseClock.Phase.D_BACKWARD);
            }
        }
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
                    NDArray latents = inputs.latents(m, Phase.GENERATOR, micro);
                    clock.charge(PhaseClock.Phase.DATA);
                    NDArray images = generated(ps, latents);
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
                    clock.charge(PhaseClock.Phase.G_FORWARD);
                    collector.backward(total);
                    sums.fullHead += loss.getFloat();
                    sums.head32 += loss32.getFloat();
                    sums.total += total.getFloat();
                }
                clock.charge(PhaseClock.Phase.G_BACKWARD);
            }
        } finally {
            setTrainable(s.discriminatorOptimizer(), true);
        }
        clipGradients();
        s.generatorOptimizer().step();
        clock.charge(PhaseClock.Phase.G_ADAM);
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
