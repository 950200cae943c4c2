package dev.fpa.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import dev.fpa.trainer.model.GeneratorConfig;
import dev.fpa.trainer.model.LstmDeltaGenerator;
import dev.fpa.trainer.model.LstmDeltaSplitV2Generator;
import dev.fpa.trainer.model.Scalars;

/**
 * The discriminator's adversarial loss (DESIGN.md §7.1). Lightweight-GAN's sign convention: D pushes real logits below
 * −1 and fake logits above +1.
 */
public enum DiscriminatorLoss {
    /** mean(relu(1 + r) + relu(1 − f)), for equal shapes. */
    HINGE {
        @Override
        public NDArray of(NDArray real, NDArray fake) {
            return Activation.relu(real.add(1)).add(Activation.relu(fake.neg().add(1))).mean();
        }
    },
    /** (Σ relu(1 + r) + Σ relu(1 − f)) / (N_r + N_f), which allows more fakes than reals. */
    HINGE_BIS {
        @Override
        public NDArray of(NDArray real, NDArray fake) {
            NDArray sum = Activation.relu(real.add(1)).sum().add(Activation.relu(fake.neg().add(1)).sum());
            return sum.div(Scalars.like(sum, real.getShape().get(0) + fake.getShape().get(0)));
        }
    };

    public abstract NDArray of(NDArray real, NDArray fake);

    /** The official choice: hinge_bis for the U-Net types and for painters with the intermediate-image loss. */
    public static DiscriminatorLoss forModel(GeneratorConfig config) {
        String type = config.modelType();
        boolean painter = type.equals(LstmDeltaGenerator.MODEL_TYPE) || type.equals(LstmDeltaSplitV2Generator.MODEL_TYPE);
        return config.hasUnet() || painter && config.useIntermedLoss() > 1 ? HINGE_BIS : HINGE;
    }
}
