package dev.fpa.trainer.export;

import static dev.fpa.trainer.export.OnnxGraph.attr;
import static dev.fpa.trainer.export.OnnxGraph.ints;

import ai.djl.nn.Block;
import dev.fpa.trainer.model.painter.DeltaRulePainter;
import dev.fpa.trainer.model.config.GeneratorConfig;
import dev.fpa.trainer.model.painter.LstmDeltaSplitV2Generator;
import dev.fpa.trainer.model.painter.PainterGenerator;
import dev.fpa.trainer.model.layers.TorchLstm;
import dev.fpa.trainer.model.unet.Unet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code PainterGenerator} and its two input generators (v2: {@code LstmDeltaSplitV2Generator}, v1:
 * {@code LstmDeltaGenerator}): slow net, painting loop, optional U-Net, and the step visualisation
 * ({@code generateSteps}) as the frames output.
 */
final class PainterEmitter {
    /** The painter's outputs: the generator output before any clamp, and the frames (or null). */
    record Outputs(String raw, String frames) {
    }

    private PainterEmitter() {
    }

    /** @param z the latents (N, latent_dim) */
    static Outputs emit(OnnxGraph g, PainterGenerator painter, String z, boolean withFrames) {
        GeneratorConfig config = painter.config();
        int steps = config.numDecodingSteps();
        String projections = slowNet(g, painter, z);
        String start = startWeights(g, painter, z);
        DeltaRulePainter rule = painter.painter();
        DeltaRuleEmitter.Painting painting;
        try (OnnxGraph.Scope s = g.scope("painting")) {
            painting = DeltaRuleEmitter.paint(g, rule, projections, start, steps);
        }
        String painted = painting.finalImage();
        Unet unet = (Unet) BlockWeights.child(painter, "u_net");
        String image = painted;
        if (unet != null) {
            image = UnetEmitter.emit(g, unet, config.unetTanh() ? g.op("Tanh", painted) : painted);
        }
        String raw = config.outTanh() ? g.op("Tanh", image) : image;
        if (!withFrames) {
            return new Outputs(raw, null);
        }
        // Not in a scope of its own: the frames' U-Net pass must name (and so share) the U-Net's weights.
        DeltaRuleEmitter.Painting recorded = start != null && painter.stepReplayStartsFromZero()
                ? DeltaRuleEmitter.paint(g, rule, projections, null, steps) : painting;
        return new Outputs(raw, frames(g, painter, unet, painted,
                DeltaRuleEmitter.updatesAndPartials(g, rule, recorded, steps)));
    }

    /**
     * generateSteps: the updates, then the partial images, each rescaled to the norm of the painted W_T (out_tanh
     * as the model type says); U-Net models end each row with tanh(W_T − U(W_T)) and tanh(U(W_T)).
     *
     * @param steps the updates and partial images, (N, T, C, S, S) each
     */
    private static String frames(OnnxGraph g, PainterGenerator painter, Unet unet, String painted, String[] steps) {
        String norm = g.op("Unsqueeze", frobeniusNorms(g, painted), g.longs(1));
        String updates = rescaled(g, painter, steps[0], norm);
        String partials = rescaled(g, painter, steps[1], norm);
        List<String> columns = new ArrayList<>(List.of(updates));
        if (unet != null) {
            String refined = UnetEmitter.emit(g, unet, painted);
            columns.add(g.op("Unsqueeze", g.op("Tanh", g.op("Sub", painted, refined)), g.longs(1)));
            columns.add(partials);
            columns.add(g.op("Unsqueeze", g.op("Tanh", refined), g.longs(1)));
        } else {
            columns.add(partials);
        }
        return g.op("Concat", List.of(attr("axis", 1)), columns.toArray(String[]::new));
    }

    /** Each (N, T, C, S, S) image divided by its own norm and multiplied by the sample's {@code norm}. */
    private static String rescaled(OnnxGraph g, PainterGenerator painter, String images, String norm) {
        String own = g.op("ReduceL2", List.of(ints("axes", 2, 3, 4), attr("keepdims", 1)), images);
        String scaled = g.op("Mul", g.op("Div", images, own), norm);
        return painter.stepImagesUseTanh() ? g.op("Tanh", scaled) : scaled;
    }

    /** ‖x_b‖_F of each image of a (B, C, S, S) batch, shaped (B, 1, 1, 1). */
    private static String frobeniusNorms(OnnxGraph g, String images) {
        return g.op("ReduceL2", List.of(ints("axes", 1, 2, 3), attr("keepdims", 1)), images);
    }

    /** The projections (T, N, C·(2S+L)): latent_to_init, the LSTM input, the LSTM, wide_net, kvb_net. */
    private static String slowNet(OnnxGraph g, PainterGenerator painter, String z) {
        GeneratorConfig config = painter.config();
        int layers = config.numLayers();
        String[] h0 = null;
        String[] c0 = null;
        if (BlockWeights.child(painter, "latent_to_init") != null) {
            // (N, 2·L·H): every layer's h0, then every layer's c0.
            String hc = LinearEmitter.linear(g, painter, "latent_to_init", z);
            long[] sizes = new long[2 * layers];
            Arrays.fill(sizes, config.rnnHiddenSize());
            String[] states = g.ops("Split", 2 * layers, List.of(attr("axis", 1)), hc, g.longs(sizes));
            h0 = Arrays.copyOfRange(states, 0, layers);
            c0 = Arrays.copyOfRange(states, layers, 2 * layers);
        }
        LstmEmitter.Input input = painter instanceof LstmDeltaSplitV2Generator ? v2Input(g, painter, z)
                : v1Input(g, painter, z);
        String hidden;
        try (OnnxGraph.Scope s = g.scope("decoder_rnn")) {
            hidden = LstmEmitter.emit(g, (TorchLstm) BlockWeights.child(painter, "decoder_rnn"), input, h0, c0);
        }
        if (BlockWeights.child(painter, "wide_net") != null) {
            hidden = LinearEmitter.linearRelu(g, painter, "wide_net", hidden);
        }
        return LinearEmitter.linear(g, painter, "kvb_net", hidden);
    }

    /**
     * v2: T small latents from input_generator (tanh with v2_input_sigmoid), each through per_time_linear_input.
     * Without use_pos_enc nothing follows that layer before the LSTM (DESIGN.md §4.1: no nonlinearity), so the LSTM
     * folds it into its input weights and reads the small latents (8 per step in the paper, not 128).
     */
    private static LstmEmitter.Input v2Input(OnnxGraph g, PainterGenerator painter, String z) {
        GeneratorConfig config = painter.config();
        String generated = LinearEmitter.linear(g, painter, "input_generator", z);
        String squashed = config.v2InputSigmoid() ? g.op("Tanh", generated) : generated;
        String perStep = g.op("Reshape", squashed, g.longs(-1, config.numDecodingSteps(), config.miniLatentDim()));
        if (!BlockWeights.has(painter, "decoder_time_enc")) {
            Block projection = BlockWeights.child(painter, "per_time_linear_input");
            return new LstmEmitter.Input(timeMajor(g, painter, perStep), config.miniLatentDim(),
                    BlockWeights.values(projection, "weight"), BlockWeights.values(projection, "bias"));
        }
        String projected = LinearEmitter.linear(g, painter, "per_time_linear_input", perStep);
        return LstmEmitter.Input.direct(timeMajor(g, painter, projected), config.miniInputSize());
    }

    /** v1: the latent itself at every step. */
    private static LstmEmitter.Input v1Input(OnnxGraph g, PainterGenerator painter, String z) {
        GeneratorConfig config = painter.config();
        String repeated = g.op("Expand", g.op("Unsqueeze", z, g.longs(1)), g.longs(1, config.numDecodingSteps(), 1));
        return LstmEmitter.Input.direct(timeMajor(g, painter, repeated), config.latentDim());
    }

    /** Adds decoder_time_enc (T, I) when the model has it, then (N, T, I) → (T, N, I). */
    private static String timeMajor(OnnxGraph g, PainterGenerator painter, String batchMajor) {
        String x = batchMajor;
        if (BlockWeights.has(painter, "decoder_time_enc")) {
            x = g.op("Add", x, BlockWeights.weight(g, painter, "decoder_time_enc"));
        }
        return g.op("Transpose", List.of(ints("perm", 1, 0, 2)), x);
    }

    /** learned_init broadcast to (N, C, S, S), or null to start from zero. */
    private static String startWeights(OnnxGraph g, PainterGenerator painter, String z) {
        if (!BlockWeights.has(painter, "learned_init")) {
            return null;
        }
        String learned = BlockWeights.weight(g, painter, "learned_init");
        GeneratorConfig c = painter.config();
        String batch = g.op("Shape", List.of(attr("start", 0), attr("end", 1)), z);
        String shape = g.op("Concat", List.of(attr("axis", 0)), batch,
                g.longs(c.channels(), c.imageSize(), c.imageSize()));
        return g.op("Expand", learned, shape);
    }
}
