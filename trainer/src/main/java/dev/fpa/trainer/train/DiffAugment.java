package dev.fpa.trainer.train;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The augmentation in front of every discriminator call during training (official AugWrapper, DESIGN.md §6.4): with
 * probability aug_prob, one coin for the whole batch, the batch is mirrored horizontally with probability ½ and then
 * goes through the DiffAugment types in order. Gradients flow through it, as the gradient penalty needs.
 */
public final class DiffAugment {
    private static final double FLIP_PROBABILITY = 0.5;

    private final double probability;
    private final List<AugmentType> types;

    public DiffAugment(double probability, List<String> types) {
        this.probability = probability;
        this.types = types.stream().map(AugmentType::parse).toList();
    }

    public NDArray apply(NDArray images, RandomGenerator random) {
        if (!(random.nextDouble() < probability)) {
            return images;
        }
        NDArray x = random.nextDouble() < FLIP_PROBABILITY ? images.flip(3) : images;
        for (AugmentType type : types) {
            x = type.apply(x, random);
        }
        return x;
    }
}
