package dev.fpa.trainer.model.layers;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.initializer.Initializer;

/** The PyTorch initialisations the official models rely on (DESIGN.md §2.2). */
public final class TorchInit {

    private TorchInit() {
    }

    /** Torch's fan-in of a weight: its dimension 1 times the receptive field (so c_out·k·k for ConvTranspose). */
    static long fanIn(Shape weightShape) {
        long receptiveField = 1;
        for (int i = 2; i < weightShape.dimension(); i++) {
            receptiveField *= weightShape.get(i);
        }
        return weightShape.get(1) * receptiveField;
    }

    /** Torch's default Conv/Linear weight init, kaiming_uniform with a = √5, which is U(±1/√fan_in). */
    public static Initializer defaultWeight() {
        return (manager, shape, dataType) -> {
            float bound = (float) (1 / Math.sqrt(fanIn(shape)));
            return manager.randomUniform(-bound, bound, shape, dataType);
        };
    }

    /** Torch's default bias init: U(±1/√fan_in) with the fan-in of the layer's weight. */
    public static Initializer defaultBias(Shape weightShape) {
        float bound = (float) (1 / Math.sqrt(fanIn(weightShape)));
        return (manager, shape, dataType) -> manager.randomUniform(-bound, bound, shape, dataType);
    }

    /** kaiming_normal_(a = 0, mode = fan_in, nonlinearity = leaky_relu): N(0, 2/fan_in). */
    public static Initializer kaimingNormal() {
        return (manager, shape, dataType) ->
                manager.randomNormal(0f, (float) Math.sqrt(2.0 / fanIn(shape)), shape, dataType);
    }

    /**
     * Gives every Conv2d and Linear weight under {@code root} the Kaiming-normal init, as lightweight-GAN's
     * init_weights does for its G and D. Transposed convolutions keep torch's default there, so they are left
     * alone. Call before the block is initialised.
     */
    public static void kaimingNormalWeights(Block root) {
        if (root instanceof TorchConv2d conv) {
            conv.weight().setInitializer(kaimingNormal());
        } else if (root instanceof TorchLinear linear) {
            linear.weight().setInitializer(kaimingNormal());
        }
        for (Block child : root.getChildren().values()) {
            kaimingNormalWeights(child);
        }
    }
}
