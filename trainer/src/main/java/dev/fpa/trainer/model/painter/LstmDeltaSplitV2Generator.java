package dev.fpa.trainer.model.painter;

import dev.fpa.trainer.model.config.GeneratorConfig;
import dev.fpa.trainer.model.layers.TorchInit;
import dev.fpa.trainer.model.layers.TorchLinear;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.Optional;

/**
 * The paper's FPA, model types {@code lstm_delta_split_v2} and {@code lstm_delta_split_v2_unet}
 * (official LSTMDeltaTimeSplitLatentGeneratorV2[Unet], DESIGN.md §4.1 and §4.4). Its "v2 input generator"
 * maps the latent to T small per-step latents, each projected to the LSTM input size; latent_to_init
 * (optional) sets the LSTM's initial state. The U-Net type ignores wide_out_dim and use_intermed_loss.
 */
public final class LstmDeltaSplitV2Generator extends PainterGenerator {
    public static final String MODEL_TYPE = "lstm_delta_split_v2";

    private final TorchLinear inputGenerator;
    private final TorchLinear perTimeLinearInput;

    /** @param unet the U-Net of the {@code _unet} type, or null for the plain painter */
    public LstmDeltaSplitV2Generator(GeneratorConfig config, Block unet) {
        super(requireModelType(config, MODEL_TYPE, unet), painterFor(config, true), config.miniInputSize(),
                config.useLatentToInit() ? TorchInit.defaultWeight() : null);
        int miniLatent = config.miniLatentDim();
        inputGenerator = addChildBlock("input_generator",
                new TorchLinear(config.latentDim(), miniLatent * config.numDecodingSteps()));
        perTimeLinearInput = addChildBlock("per_time_linear_input", new TorchLinear(miniLatent,
                config.miniInputSize()));
        perTimeLinearInput.weight().setInitializer(TorchInit.kaimingNormal());
        registerPaintingLayers(unet);
    }

    @Override
    protected LstmInput lstmInput(ParameterStore ps, NDArray z, boolean training) {
        NDArray generated = apply(inputGenerator, ps, z, training);
        // v2_input_sigmoid applies tanh, whatever its name says.
        NDArray squashed = config.v2InputSigmoid() ? generated.tanh() : generated;
        NDArray perStep = squashed.reshape(z.getShape().get(0), config.numDecodingSteps(), config.miniLatentDim());
        NDArray projected = apply(perTimeLinearInput, ps, perStep, training);
        NDArray sequence = withTimeEncoding(ps, projected, training).transpose(1, 0, 2);
        return new LstmInput(sequence, Optional.of(generated), Optional.of(projected));
    }
}
