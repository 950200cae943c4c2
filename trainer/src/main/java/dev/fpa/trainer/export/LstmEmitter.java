package dev.fpa.trainer.export;

import static dev.fpa.trainer.export.OnnxGraph.attr;

import dev.fpa.trainer.model.layers.TorchLstm;
import java.util.Arrays;
import java.util.List;

/**
 * {@code TorchLstm} (torch.nn.LSTM) as ONNX {@code LSTM} nodes, one per layer, with the gate blocks reordered from
 * torch's i, f, g, o to ONNX's i, o, f, c (DESIGN.md §2.1).
 *
 * <p>The op rather than an unrolled graph because ONNX Runtime's LSTM kernel does each step's gate arithmetic in one
 * pass over the recurrent GEMM's output, while an unrolled step is a GEMM and ten element-wise nodes, each a pass over
 * memory: unrolled graphs measured 15–35% slower at the small configuration (batch 256) and 4–25% slower at the
 * paper's (batch 20), on one and on two threads.
 *
 * <p>The first layer may read a narrower input x' with x = A·x' + o (the v2 painter's per_time_linear_input): the map
 * is folded into its weights, W_ih·x + b = (W_ih·A)·x' + (W_ih·o + b), computed in double at export.
 */
final class LstmEmitter {
    /** torch's gate blocks in its weight rows. */
    private static final int GATES = 4;
    /** ONNX's gate blocks i, o, f, c are torch's blocks 0, 3, 1, 2. */
    private static final int[] ONNX_GATE_ORDER = {0, 3, 1, 2};

    /**
     * The first layer's input, time-major (T, N, width); with a map, the LSTM's input is A·x + offset.
     *
     * @param map    A as (I, width) row-major, or null for none (width = I, offset null)
     * @param offset o (I), with a map
     */
    record Input(String sequence, int width, float[] map, float[] offset) {
        static Input direct(String sequence, int width) {
            return new Input(sequence, width, null, null);
        }
    }

    private LstmEmitter() {
    }

    /**
     * @param h0 each layer's initial hidden state (N, H), or null for zeros (then c0 is null too)
     * @return the top layer's hidden states (T, N, H)
     */
    static String emit(OnnxGraph g, TorchLstm lstm, Input input, String[] h0, String[] c0) {
        String sequence = input.sequence();
        for (int l = 0; l < lstm.numLayers(); l++) {
            Input layerInput = l == 0 ? input : Input.direct(sequence, lstm.hiddenSize());
            sequence = layer(g, lstm, l, layerInput, state(g, h0, l), state(g, c0, l));
        }
        return sequence;
    }

    /** Layer l's (N, H) state as the op's (1, N, H), or "" (the omitted input) for zeros. */
    private static String state(OnnxGraph g, String[] states, int l) {
        return states == null ? "" : g.op("Unsqueeze", states[l], g.longs(0));
    }

    private static String layer(OnnxGraph g, TorchLstm lstm, int l, Input input, String h0, String c0) {
        int hidden = lstm.hiddenSize();
        int rows = GATES * hidden;
        float[] wih = BlockWeights.values(lstm, "weight_ih_l" + l);
        float[] bih = BlockWeights.values(lstm, "bias_ih_l" + l);
        float[] w = wih;
        float[] b = bih;
        if (input.map() != null) {
            int in = Math.toIntExact(BlockWeights.shape(lstm, "weight_ih_l" + l)[1]);
            w = product(wih, rows, in, input.map(), input.width());
            b = product(wih, rows, in, input.offset(), 1);
            for (int i = 0; i < rows; i++) {
                b[i] += bih[i];
            }
        }
        float[] bhh = BlockWeights.values(lstm, "bias_hh_l" + l);
        float[] biases = Arrays.copyOf(onnxOrder(b, hidden), 2 * rows);
        System.arraycopy(onnxOrder(bhh, hidden), 0, biases, rows, rows);
        String wName = g.weight("W_l" + l, onnxOrder(w, hidden * input.width()), 1, rows, input.width());
        String rName = g.weight("R_l" + l, onnxOrder(BlockWeights.values(lstm, "weight_hh_l" + l), hidden * hidden),
                1, rows, hidden);
        String bName = g.weight("B_l" + l, biases, 1, 2L * rows);
        String y = g.op("LSTM", List.of(attr("hidden_size", hidden)), input.sequence(), wName, rName, bName, "", h0,
                c0);
        // Y is (T, directions = 1, N, H).
        return g.op("Squeeze", y, g.longs(1));
    }

    /** a (rows, inner) · b (inner, cols), row-major, accumulated in double. */
    private static float[] product(float[] a, int rows, int inner, float[] b, int cols) {
        float[] out = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                double acc = 0;
                for (int k = 0; k < inner; k++) {
                    acc += (double) a[r * inner + k] * b[k * cols + j];
                }
                out[r * cols + j] = (float) acc;
            }
        }
        return out;
    }

    /** The four contiguous gate blocks of {@code blockSize} values in ONNX's order. */
    private static float[] onnxOrder(float[] values, int blockSize) {
        float[] out = new float[values.length];
        for (int k = 0; k < GATES; k++) {
            System.arraycopy(values, ONNX_GATE_ORDER[k] * blockSize, out, k * blockSize, blockSize);
        }
        return out;
    }
}
