package dev.fpa.trainer.model.painter;

import dev.fpa.trainer.model.config.GeneratorConfig;
import dev.fpa.trainer.model.layers.TorchInit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.Optional;

/**
 * FPA with the "v1 input generator", model types {@code lstm_delta} and {@code lstm_delta_unet}
 * (official LSTMDeltaGenerator[Unet], DESIGN.md §4.2 and §4.4): the full latent is the LSTM input at every
 * step, and latent_to_init always sets the initial state. With use_learned_init the painting starts
 * from a learned matrix instead of zero. The U-Net type ignores val_tanh, vect_lr, wide_out_dim and
 * use_intermed_loss.
 */
public final class LstmDeltaGenerator extends PainterGenerator {
    public static final String MODEL_TYPE = "lstm_delta";

    private final Parameter learnedInit;
    private final boolean withUnet;

    /** @param unet the U-Net of the {@code _unet} type, or null for the plain painter */
    public LstmDeltaGenerator(GeneratorConfig config, Block unet) {
        super(requireModelType(config, MODEL_TYPE, unet), painterFor(config, unet == null), config.latentDim(),
                TorchInit.kaimingNormal());
        int size = config.imageSize();
        learnedInit = config.useLearnedInit() ? parameter("learned_init", Parameter.Type.WEIGHT,
                new Shape(config.channels(), size, size), STANDARD_NORMAL) : null;
        withUnet = unet != null;
        registerPaintingLayers(unet);
    }

    @Override
    protected LstmInput lstmInput(ParameterStore ps, NDArray z, boolean training) {
        NDArray repeated = z.expandDims(1).repeat(1, config.numDecodingSteps());
        NDArray sequence = withTimeEncoding(ps, repeated, training).transpose(1, 0, 2);
        return new LstmInput(sequence, Optional.empty(), Optional.empty());
    }

    @Override
    protected NDArray startWeights(ParameterStore ps, NDArray z, boolean training) {
        if (learnedInit == null) {
            return null;
        }
        int size = config.imageSize();
        // Adding to zeros made on the latents' manager broadcasts W_0 over the batch without leaving
        // parameter-derived arrays on the model's manager.
        NDArray zeros = z.getManager().zeros(new Shape(z.getShape().get(0), config.channels(), size, size));
        return zeros.add(ps.getValue(learnedInit, z.getDevice(), training));
    }

    /** [Official quirk] plain lstm_delta never applies out_tanh to its step images; its U-Net type does. */
    @Override
    public boolean stepImagesUseTanh() {
        return withUnet && config.outTanh();
    }

    /** [Official quirk] plain lstm_delta re-paints the step images from zero, ignoring learned_init. */
    @Override
    public boolean stepReplayStartsFromZero() {
        return !withUnet;
    }
}
