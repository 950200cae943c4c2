package dev.fpa.trainer.imports;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.fpa.runtime.array.NdArray;
import dev.fpa.runtime.generate.ModelDescription;
import dev.fpa.trainer.checkpoint.Checkpoint;
import dev.fpa.trainer.checkpoint.CheckpointMeta;
import dev.fpa.trainer.export.OnnxExporter;
import ai.djl.nn.Parameter;
import dev.fpa.trainer.model.GeneratorFactory;
import dev.fpa.trainer.model.config.GeneratorConfig;
import dev.fpa.trainer.model.layers.StateDictLoader;
import java.io.IOException;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A painter exported by {@code fpa export} read back as generator weights, so that a zoo painter, which ships as ONNX
 * only, can start a run (a U-Net fine-tuned on it with {@code --load-pre-trained}). The export is lossless but for
 * one fold: without positional encoding, the v2 painter's per_time_linear_input is folded into the LSTM's input
 * weights (DESIGN.md §2.1), and the two factors cannot be told apart again. The import writes an equivalent pair
 * instead: per_time_linear_input copies the small latent into the first inputs and zeroes the rest, and the LSTM's
 * input weights are the folded ones followed by zero columns, so the painter computes what the ONNX graph computes.
 * Its training state (the other factorisation, D, the optimizers) is not in the file: a run started from it trains a
 * fresh D with fresh optimizers, as a U-Net on a frozen painter does.
 */
public final class OnnxPainterImport {
    /** The painters an ONNX file can give back; U-Net variants would need their U-Net's emitter inverted too. */
    private static final Set<String> PAINTERS = Set.of("lstm_delta", "lstm_delta_split_v2");
    private static final String LSTM = "decoder_rnn.";
    private static final String FOLDED_INPUT = "per_time_linear_input.";
    private static final Pattern LSTM_PARAMETER = Pattern.compile("decoder_rnn\\.(weight|bias)_(ih|hh)_l(\\d+)");
    private static final int GATES = 4;
    /** ONNX's gate blocks i, o, f, c are torch's blocks 0, 3, 1, 2; so torch's block k is ONNX's block TORCH[k]. */
    private static final int[] TORCH_TO_ONNX = {0, 2, 3, 1};
    /**
     * How many times the weights a file holds its model may have: the fold makes the file smaller than the model
     * (the zoo's fmnist-v2 holds 372k of its 430k), but never by half.
     */
    private static final long FOLD_ALLOWANCE = 2;

    private OnnxPainterImport() {
    }

    /** The painter in {@code onnx} as a checkpoint whose G and GE both hold its weights; {@code origin} names it. */
    public static Checkpoint read(byte[] onnx, String origin) throws IOException {
        ModelProto model;
        try {
            model = ModelProto.parseFrom(onnx);
        } catch (InvalidProtocolBufferException e) {
            throw new IOException(origin + ": not an ONNX model (" + e.getMessage() + ")", e);
        }
        Map<String, String> metadata = new HashMap<>();
        for (StringStringEntryProto p : model.getMetadataPropsList()) {
            metadata.put(p.getKey(), p.getValue());
        }
        ModelDescription description;
        try {
            description = ModelDescription.fromMetadata(metadata);
        } catch (IllegalArgumentException e) {
            throw new IOException(origin + ": not a generator exported by fpa (" + e.getMessage() + "); only those "
                    + "can be read back as weights", e);
        }
        if (!OnnxExporter.PRODUCER.equals(description.producer())) {
            throw new IOException(origin + ": not a generator exported by fpa (written by " + description.producer()
                    + "); only those can be read back as weights");
        }
        GeneratorConfig config;
        try {
            config = GeneratorConfig.fromTrainerArgs(new ObjectMapper().readTree(description.configJson())).config();
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException(origin + ": its metadata's generator config is unreadable (" + e.getMessage() + ")",
                    e);
        }
        if (!PAINTERS.contains(config.modelType())) {
            throw new IOException(origin + ": a " + config.modelType() + " model; weights can be read back from the "
                    + "ONNX of a painter without U-Net only (" + String.join(", ", PAINTERS) + ")");
        }
        Map<String, TensorProto> initializers = new HashMap<>();
        model.getGraph().getInitializerList().forEach(t -> initializers.put(t.getName(), t));
        // The model's layout without its arrays: names and shapes only, so a config that claims a huge model
        // costs nothing before it is checked against the weights the file really holds.
        Map<String, Parameter> layout = StateDictLoader.namedParameters(GeneratorFactory.create(config));
        long claimed = 0;
        for (Parameter p : layout.values()) {
            claimed += p.getShape().size();
        }
        long held = 0;
        for (TensorProto t : initializers.values()) {
            held += Math.max(t.getFloatDataCount(), t.getRawData().size() / Float.BYTES);
        }
        if (claimed > FOLD_ALLOWANCE * held) {
            throw new IOException(origin + ": its metadata's config describes " + claimed + " weights, but the file "
                    + "holds " + held);
        }
        Map<String, NdArray> weights = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : layout.entrySet()) {
            weights.put(e.getKey(), recover(e.getKey(), e.getValue().getShape().getShape(), initializers, origin));
        }
        Map<String, Map<String, NdArray>> sections = new LinkedHashMap<>();
        sections.put(Checkpoint.GENERATOR, weights);
        sections.put(Checkpoint.EMA_GENERATOR, weights);
        return new Checkpoint(CheckpointMeta.imported(config.modelType(), config.toJson(), null, null), sections);
    }

    private static NdArray recover(String name, long[] shape, Map<String, TensorProto> initializers, String origin)
            throws IOException {
        Matcher lstm = LSTM_PARAMETER.matcher(name);
        if (lstm.matches()) {
            return lstmParameter(lstm.group(1).equals("weight"), lstm.group(2).equals("ih"),
                    Integer.parseInt(lstm.group(3)), shape, initializers, origin);
        }
        if (name.startsWith(FOLDED_INPUT) && !initializers.containsKey(FOLDED_INPUT + "weight_transposed")) {
            return embedding(name.endsWith("weight"), shape);
        }
        if (name.endsWith(".weight") && shape.length == 2) {
            String transposed = name + "_transposed";
            float[] t = values(initializers, transposed, shape[0] * shape[1], origin);
            // the initializer is (cols, rows); the weight (rows, cols)
            FMatrixRMaj w = CommonOps_FDRM.transpose(new FMatrixRMaj(Math.toIntExact(shape[1]),
                    Math.toIntExact(shape[0]), true, t), null);
            return NdArray.of(w.data, shape);
        }
        return NdArray.of(values(initializers, name, Arrays.stream(shape).reduce(1, Math::multiplyExact), origin),
                shape);
    }

    /**
     * torch's weight_ih/hh (4H, in) or bias_ih/hh (4H) of layer l from ONNX's W (1, 4H, in'), R (1, 4H, H) and
     * B (1, 8H) = [Wb, Rb], gate blocks back in torch's order; a folded W (in' &lt; in) gets zero columns.
     */
    private static NdArray lstmParameter(boolean weight, boolean input, int layer, long[] shape,
            Map<String, TensorProto> initializers, String origin) throws IOException {
        int rows = Math.toIntExact(shape[0]);
        int block = rows / GATES;
        float[] onnxOrder;
        int cols = weight ? Math.toIntExact(shape[1]) : 1;
        int givenCols = cols;
        if (!weight) {
            float[] b = values(initializers, LSTM + "B_l" + layer, 2L * rows, origin);
            onnxOrder = Arrays.copyOfRange(b, input ? 0 : rows, input ? rows : 2 * rows);
        } else {
            TensorProto t = tensor(initializers, LSTM + (input ? "W_l" : "R_l") + layer, origin);
            givenCols = Math.toIntExact(t.getDims(t.getDimsCount() - 1));
            if (givenCols > cols || (!input && givenCols != cols)) {
                throw new IOException(origin + ": " + t.getName() + " has " + givenCols + " columns where the model "
                        + "takes " + cols);
            }
            onnxOrder = values(initializers, t.getName(), (long) rows * givenCols, origin);
        }
        float[] torch = new float[rows * cols];
        for (int k = 0; k < GATES; k++) {
            int from = TORCH_TO_ONNX[k] * block;
            for (int r = 0; r < block; r++) {
                System.arraycopy(onnxOrder, (from + r) * givenCols, torch, (k * block + r) * cols, givenCols);
            }
        }
        return NdArray.of(torch, shape);
    }

    /** per_time_linear_input as the embedding x ↦ [x; 0] (weight (I, m) = [1; 0], bias 0). */
    private static NdArray embedding(boolean weight, long[] shape) {
        float[] v = new float[Math.toIntExact(Arrays.stream(shape).reduce(1, Math::multiplyExact))];
        if (weight) {
            int cols = Math.toIntExact(shape[1]);
            for (int i = 0; i < Math.min(shape[0], shape[1]); i++) {
                v[i * cols + i] = 1;
            }
        }
        return NdArray.of(v, shape);
    }

    private static TensorProto tensor(Map<String, TensorProto> initializers, String name, String origin)
            throws IOException {
        TensorProto t = initializers.get(name);
        if (t == null) {
            throw new IOException(origin + ": the graph has no initializer " + name + ", so the weights cannot be "
                    + "recovered (was it exported by another version of fpa?)");
        }
        if (t.getDataType() != TensorProto.DataType.FLOAT_VALUE) {
            throw new IOException(origin + ": initializer " + name + " is not float32");
        }
        return t;
    }

    private static float[] values(Map<String, TensorProto> initializers, String name, long count, String origin)
            throws IOException {
        TensorProto t = tensor(initializers, name, origin);
        long declared = t.getDimsList().stream().mapToLong(Long::longValue).reduce(1, Math::multiplyExact);
        if (declared != count) {
            throw new IOException(origin + ": initializer " + name + " holds " + declared + " values where the "
                    + "model takes " + count);
        }
        float[] v = new float[Math.toIntExact(count)];
        if (t.getFloatDataCount() == count) {
            for (int i = 0; i < v.length; i++) {
                v[i] = t.getFloatData(i);
            }
        } else if (t.getRawData().size() == count * Float.BYTES) {
            t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        } else {
            throw new IOException(origin + ": initializer " + name + " carries " + t.getRawData().size()
                    + " bytes for " + count + " values");
        }
        return v;
    }
}
