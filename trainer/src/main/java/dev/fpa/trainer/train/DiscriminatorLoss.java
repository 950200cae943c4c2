package dev.fpa.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import dev.fpa.trainer.model.config.GeneratorConfig;
import dev.fpa.trainer.model.painter.LstmDeltaGenerator;
import dev.fpa.trainer.model.painter.LstmDeltaSplitV2Generator;
import dev.fpa.trainer.model.layers.Scalars;

/**
 * The discriminator's adversarial loss (DESIGN.md §7.1). Lightweight-GAN's sign convention: D pushes real logits below
 * −1 and fake logits above +1.
 */
public enum DiscriminatorLoss {
    /** mean(relu(1 + r) + relu(1 − f)), for equal shapes: mean(relu(1 + r)) + mean(relu(1 − f)). */
    HINGE {
        @Override
        double denominator(NDArray part, long batch, long realBatch, long fakeBatch) {
            return (double) batch * (part.size() / part.getShape().get(0));
        }
    },
    /** (Σ relu(1 + r) + Σ relu(1 − f)) / (N_r + N_f), which allows more fakes than reals. */
    HINGE_BIS {
        @Override
        double denominator(NDArray part, long batch, long realBatch, long fakeBatch) {
            return realBatch + fakeBatch;
        }
    };

    /**
     * What the sum of one side's hinge terms is divided by, given the logits of all or some of that side's images.
     *
     * @param batch the number of images on that side
     */
    abstract double denominator(NDArray part, long batch, long realBatch, long fakeBatch);

    /**
     * The loss's share from real logits: those of all the real images, or of some of them (then the shares of all
     * the parts add up to the whole). The loss is the sum of a real and a fake share, so the discriminator step can
     * back-propagate each part as soon as it is computed and free its graph before the next is built.
     */
    public NDArray realTerm(NDArray real, long realBatch, long fakeBatch) {
        NDArray sum = Activation.relu(real.add(1)).sum();
        return sum.div(Scalars.like(sum, denominator(real, realBatch, realBatch, fakeBatch)));
    }

    /** The loss's share from fake logits, all or some of them. */
    public NDArray fakeTerm(NDArray fake, long realBatch, long fakeBatch) {
        NDArray sum = Activation.relu(fake.neg().add(1)).sum();
        return sum.div(Scalars.like(sum, denominator(fake, fakeBatch, realBatch, fakeBatch)));
    }

    /** The whole loss, realTerm + fakeTerm. */
    public NDArray of(NDArray real, NDArray fake) {
        long r = real.getShape().get(0);
        long f = fake.getShape().get(0);
        return realTerm(real, r, f).add(fakeTerm(fake, r, f));
    }

    /** The official choice: hinge_bis for the U-Net types and for painters with the intermediate-image loss. */
    public static DiscriminatorLoss forModel(GeneratorConfig config) {
        String type = config.modelType();
        boolean painter = type.equals(LstmDeltaGenerator.MODEL_TYPE)
                || type.equals(LstmDeltaSplitV2Generator.MODEL_TYPE);
        return config.hasUnet() || painter && config.useIntermedLoss() > 1 ? HINGE_BIS : HINGE;
    }
}
