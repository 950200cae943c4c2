package dev.fpa.trainer.model.painter;

import dev.fpa.trainer.model.config.GeneratorConfig;
import dev.fpa.trainer.model.layers.ImageGenerator;
import dev.fpa.trainer.model.layers.Scalars;
import dev.fpa.trainer.model.layers.StateDictLoader;
import dev.fpa.trainer.model.layers.TorchLinear;
import dev.fpa.trainer.model.layers.TorchLstm;
import dev.fpa.trainer.model.unet.UnetStage;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import dev.fpa.trainer.model.painter.DeltaRulePainter.StepObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A fast weight painter (DESIGN.md §3–§4): a slow net (latent → LSTM → kvb_net) emits one key, value and
 * learning rate per step and channel, the delta rule paints them into an S×S matrix per channel,
 * and the U-Net variants refine that matrix with a U-Net.
 *
 * <p>Subclasses differ in how the latent becomes the LSTM input sequence. Child blocks and
 * parameters carry the official names in the official registration order, which is also the order of
 * {@code G.parameters()} and so of the optimizer state; {@link StateDictLoader} maps them by name.
 *
 * <p>Input z of shape (B, latent_dim). Arrays computed from parameters are always created on the
 * latents' NDManager, so everything a call makes is freed with that manager.
 */
public abstract class PainterGenerator extends ImageGenerator {

    /** torch.randn, the init of the official free-standing parameters. */
    protected static final Initializer STANDARD_NORMAL = new NormalInitializer(1f);

    /** The LSTM input sequence (T, B, I) and the values computed on the way (v2 only). */
    protected record LstmInput(NDArray sequence, Optional<NDArray> inputGenerator,
            Optional<NDArray> perTimeLinearInput) {
    }

    private final DeltaRulePainter painter;
    private final int lstmInputSize;
    private final Parameter timeEncoding;
    private final TorchLinear latentToInit;
    // Registered by registerPaintingLayers, after the subclass's input layers, to keep torch's order.
    private TorchLstm decoderRnn;
    private LinearRelu wideNet;
    private TorchLinear kvbNet;
    private UnetStage unet;

    /**
     * Registers decoder_time_enc (with use_pos_enc) and latent_to_init; the subclass then registers
     * its input layers and calls {@link #registerPaintingLayers}.
     *
     * @param lstmInputSize      features per step of the LSTM input (also the width of decoder_time_enc)
     * @param latentToInitWeight initialiser of latent_to_init's weight, or null if the model has no latent_to_init
     */
    protected PainterGenerator(GeneratorConfig config, DeltaRulePainter painter, int lstmInputSize,
            Initializer latentToInitWeight) {
        super(config);
        this.painter = painter;
        this.lstmInputSize = lstmInputSize;
        timeEncoding = config.usePosEnc() ? parameter("decoder_time_enc", Parameter.Type.WEIGHT,
                new Shape(config.numDecodingSteps(), lstmInputSize), STANDARD_NORMAL) : null;
        if (latentToInitWeight == null) {
            latentToInit = null;
        } else {
            latentToInit = addChildBlock("latent_to_init", new TorchLinear(config.latentDim(), 2 * stateSize()));
            latentToInit.weight().setInitializer(latentToInitWeight);
        }
    }

    /** Builds the painting loop a model type uses; some U-Net types ignore val_tanh and vect_lr. */
    protected static DeltaRulePainter painterFor(GeneratorConfig config, boolean valueAndRateOptions) {
        return new DeltaRulePainter(config.channels(), config.imageSize(),
                valueAndRateOptions ? config.lrDim() : 1, config.useSoftmax(),
                valueAndRateOptions && config.valTanh(), !config.noSigmoidLr());
    }

    /** Checks that the config names this class's model type, with "_unet" exactly when a U-Net is given. */
    protected static GeneratorConfig requireModelType(GeneratorConfig config, String plainType, Block unet) {
        String expected = unet == null ? plainType : plainType + GeneratorConfig.UNET_SUFFIX;
        if (!config.modelType().equals(expected)) {
            throw new IllegalArgumentException("model_type '" + config.modelType() + "' does not match this generator ("
                    + expected + (unet == null ? ", built without a U-Net)" : ", built with a U-Net)"));
        }
        return config;
    }

    /**
     * Registers decoder_rnn, wide_net (plain painters only, with wide_out_dim), kvb_net and u_net, in
     * that order, then freezes the painter with frozen_base (U-Net types only).
     */
    protected final void registerPaintingLayers(Block unetBlock) {
        int hidden = config.rnnHiddenSize();
        decoderRnn = addChildBlock("decoder_rnn", new TorchLstm(lstmInputSize, hidden, config.numLayers(),
                (float) (config.rnnInitFact() / Math.sqrt(hidden))));
        int kvbInput = hidden;
        if (config.wideOutDim() > 0 && unetBlock == null) {
            wideNet = addChildBlock("wide_net", new LinearRelu(hidden, config.wideOutDim()));
            kvbInput = config.wideOutDim();
        }
        kvbNet = addChildBlock("kvb_net", new TorchLinear(kvbInput, painter.projectionSize()));
        // The official bound uses C·(2S+1) even when vect_lr makes the layer wider.
        double kvbBound = config.kvbInitFact() / Math.sqrt(config.channels() * (2.0 * config.imageSize() + 1));
        kvbNet.weight().setInitializer(new UniformInitializer((float) kvbBound));
        kvbNet.bias().setInitializer(new UniformInitializer((float) kvbBound));
        if (unetBlock != null) {
            unet = new UnetStage(addChildBlock("u_net", unetBlock), config.unetTanh(), config.stopGradUnet());
            if (config.frozenBase()) {
                getDirectParameters().values().forEach(p -> p.freeze(true));
                getChildren().values().stream().filter(child -> child != unetBlock)
                        .forEach(child -> child.freezeParameters(true));
            }
        }
    }

    /** The LSTM input sequence for latents z, time-major. */
    protected abstract LstmInput lstmInput(ParameterStore ps, NDArray z, boolean training);

    /** W_0 for latents z, or null to start from zero (the first step then writes v kᵀ). */
    protected NDArray startWeights(ParameterStore ps, NDArray z, boolean training) {
        return null;
    }

    /** The painting loop this model runs. */
    public DeltaRulePainter painter() {
        return painter;
    }

    /** Whether the step visualisation applies out_tanh to its images. */
    public boolean stepImagesUseTanh() {
        return config.outTanh();
    }

    /** Whether the step visualisation re-paints from zero even when the model has a W_0. */
    public boolean stepReplayStartsFromZero() {
        return false;
    }

    /** Adds decoder_time_enc (T, I), if the model has it, to a batch-major sequence (B, T, I). */
    protected final NDArray withTimeEncoding(ParameterStore ps, NDArray batchMajor, boolean training) {
        return timeEncoding == null ? batchMajor
                : batchMajor.add(ps.getValue(timeEncoding, batchMajor.getDevice(), training));
    }

    protected static NDArray apply(Block layer, ParameterStore ps, NDArray x, boolean training) {
        return layer.forward(ps, new NDList(x), training).singletonOrThrow();
    }

    /** The generator output (B, C, S, S), before any clamp: tanh?(W_T), or tanh?(U(…)) with a U-Net. */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray z = inputs.head();
        NDArray painted = painter.paint(slowNet(ps, z, training).projections(), startWeights(ps, z, training),
                StepObserver.NONE);
        NDArray image = unet == null ? painted : unet.refine(ps, painted, training).output();
        return new NDList(withOutTanh(image));
    }

    /**
     * The images the discriminator judges during training (the official call with output_only_last
     * false, or with use_pre_unet_loss for U-Net types): with use_intermed_loss N > 1 the N·B
     * images [W after step ⌊jT/N⌋ for j = 1..N−1 (times N/j with scale_intermed_loss); W_T]; with
     * use_pre_unet_loss the 2B images [W_T; U(…)]; otherwise the B final images. out_tanh applies to all.
     */
    public NDArray trainingOutputs(ParameterStore ps, NDArray z, boolean training) {
        NDArray projections = slowNet(ps, z, training).projections();
        NDArray start = startWeights(ps, z, training);
        if (unet != null) {
            NDArray painted = painter.paint(projections, start, StepObserver.NONE);
            NDArray refined = unet.refine(ps, painted, training).output();
            return withOutTanh(config.usePreUnetLoss() ? painted.concat(refined, 0) : refined);
        }
        List<NDArray> images = new ArrayList<>();
        images.add(painter.paint(projections, start, intermediateSnapshots(images)));
        // NDArrays.concat of one array returns a copy cut off from the graph, which would stop G's gradient.
        return withOutTanh(images.size() == 1 ? images.get(0) : NDArrays.concat(new NDList(images), 0));
    }

    private StepObserver intermediateSnapshots(List<NDArray> into) {
        int n = config.useIntermedLoss();
        int steps = config.numDecodingSteps();
        return (t, update, weights) -> {
            for (int j = 1; j < n; j++) {
                if (t == j * steps / n) {
                    into.add(config.scaleIntermedLoss()
                            ? weights.mul(Scalars.like(weights, n)).div(Scalars.like(weights, j)) : weights);
                }
            }
        };
    }

    /** An inference forward pass (training false) that keeps the intermediate values. */
    public PaintTrace trace(ParameterStore ps, NDArray z) {
        SlowNetActivations slowNet = slowNet(ps, z, false);
        List<NDArray> fastWeights = new ArrayList<>();
        NDArray painted = painter.paint(slowNet.projections(), startWeights(ps, z, false),
                (t, update, weights) -> fastWeights.add(weights));
        if (unet == null) {
            return new PaintTrace(slowNet, fastWeights, Optional.empty(), Optional.empty(), withOutTanh(painted));
        }
        UnetStage.Refinement refinement = unet.refine(ps, painted, false);
        return new PaintTrace(slowNet, fastWeights, Optional.of(refinement.input()),
                Optional.of(refinement.output()), withOutTanh(refinement.output()));
    }

    /**
     * The official step visualisation (generate_steps, DESIGN.md §4.5) for each latent on its own: shape
     * (B, 2T, C, S, S), the T rank-1 updates then the T partial images, each rescaled to the Frobenius
     * norm of that latent's raw W_T. U-Net types append tanh(W_T − U(W_T)) to the updates and
     * tanh(U(W_T)) to the partial images, so (B, 2T+2, C, S, S); the U-Net gets the raw W_T here,
     * without unet_tanh, as in the official code.
     */
    public NDArray generateSteps(ParameterStore ps, NDArray z) {
        NDArray projections = slowNet(ps, z, false).projections();
        NDArray start = startWeights(ps, z, false);
        List<NDArray> updates = new ArrayList<>();
        List<NDArray> partials = new ArrayList<>();
        StepObserver recorder = (t, update, weights) -> {
            updates.add(update);
            partials.add(weights);
        };
        NDArray norm = frobeniusNorms(painter.paint(projections, start, recorder));
        if (start != null && stepReplayStartsFromZero()) {
            updates.clear();
            partials.clear();
            painter.paint(projections, null, recorder);
        }
        NDList updateRow = rescaled(updates, norm);
        NDList partialRow = rescaled(partials, norm);
        if (unet != null) {
            NDArray painted = partials.get(partials.size() - 1);
            NDArray refined = unet.apply(ps, painted, false);
            updateRow.add(painted.sub(refined).tanh());
            partialRow.add(refined.tanh());
        }
        updateRow.addAll(partialRow);
        return NDArrays.stack(updateRow, 1);
    }

    /** Frames per latent of {@link #generateSteps}: 2T, plus 2 for U-Net models. */
    public int frameCount() {
        return 2 * config.numDecodingSteps() + (unet == null ? 0 : 2);
    }

    private NDList rescaled(List<NDArray> images, NDArray norm) {
        NDList out = new NDList();
        for (NDArray image : images) {
            NDArray scaled = image.div(frobeniusNorms(image)).mul(norm);
            out.add(stepImagesUseTanh() ? scaled.tanh() : scaled);
        }
        return out;
    }

    /** ‖x_b‖_F for each image of a (B, C, S, S) batch, shaped (B, 1, 1, 1). */
    private static NDArray frobeniusNorms(NDArray images) {
        return images.norm(new int[] {1, 2, 3}, true);
    }

    private NDArray withOutTanh(NDArray image) {
        return config.outTanh() ? image.tanh() : image;
    }

    private SlowNetActivations slowNet(ParameterStore ps, NDArray z, boolean training) {
        Optional<NDArray> initialState = latentToInit == null ? Optional.empty()
                : Optional.of(apply(latentToInit, ps, z, training));
        LstmInput input = lstmInput(ps, z, training);
        NDList rnnInputs = new NDList(input.sequence());
        initialState.ifPresent(hc -> rnnInputs.addAll(splitState(hc)));
        NDList rnn = decoderRnn.forward(ps, rnnInputs, training);
        NDArray hidden = rnn.get(0);
        NDArray kvbInput = wideNet == null ? hidden : apply(wideNet, ps, hidden, training);
        return new SlowNetActivations(initialState, input.inputGenerator(), input.perTimeLinearInput(),
                hidden, rnn.get(1), rnn.get(2), apply(kvbNet, ps, kvbInput, training));
    }

    /** (B, 2·L·H) → h0 and c0 of shape (L, B, H): first all layers' h, then all layers' c. */
    private NDList splitState(NDArray hc) {
        long batch = hc.getShape().get(0);
        int half = stateSize();
        NDList state = new NDList();
        for (String range : new String[] {":, :" + half, ":, " + half + ":"}) {
            state.add(hc.get(range).reshape(batch, config.numLayers(), config.rnnHiddenSize()).transpose(1, 0, 2));
        }
        return state;
    }

    private int stateSize() {
        return config.numLayers() * config.rnnHiddenSize();
    }
}
