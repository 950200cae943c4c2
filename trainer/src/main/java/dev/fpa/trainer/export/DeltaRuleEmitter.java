package dev.fpa.trainer.export;

import static dev.fpa.trainer.export.OnnxGraph.attr;
import static dev.fpa.trainer.export.OnnxGraph.ints;

import dev.fpa.trainer.model.painter.DeltaRulePainter;
import java.util.List;
import java.util.Arrays;

/**
 * {@code DeltaRulePainter}, the painting loop of DESIGN.md §3, unrolled over the T steps for the B·C matrices at once.
 *
 * <p>The loop is computed in the space of the updates rather than of the matrices: with W_t = W_0 + Σ_{j≤t} u_j k_jᵀ,
 * the correction term is W_{t−1} k_t = W_0 k_t + Σ_{j<t} (k_j·k_t) u_j, so each step needs one row of the keys'
 * Gram matrix times the earlier updates (t·S values per matrix) instead of reading and rewriting the S×S matrix,
 * and W_T is one product of the stacked updates and keys at the end. The matrices themselves are only built for the
 * painting frames. Same arithmetic up to float rounding.
 */
final class DeltaRuleEmitter {
    private static final long[] SWAP_LAST_TWO = {0, 2, 1};
    private static final long[] STEP_MAJOR_TO_MATRIX_MAJOR = {1, 0, 2};

    /**
     * A painting: the updates u_t and keys k_t of every step, (B·C, T, S) each, the start matrices W_0 as (B·C, S, S)
     * (or null for zero), and W_T as (B, C, S, S) images.
     */
    record Painting(String updates, String keys, String start, String finalImage) {
    }

    private DeltaRuleEmitter() {
    }

    /**
     * @param projections (T, B, C·(2S+L)), laid out [keys | values | rates], channels one after another in each
     * @param start       W_0 as (B, C, S, S), or null to start from zero (then step 1 writes v kᵀ with no rate)
     */
    static Painting paint(OnnxGraph g, DeltaRulePainter painter, String projections, String start, int steps) {
        int size = painter.size();
        long block = (long) painter.channels() * size;
        String[] parts = g.ops("Split", 3, List.of(attr("axis", 2)), projections,
                g.longs(block, block, (long) painter.channels() * painter.lrDim()));
        String keys = matrixMajor(g, parts[0], steps, size);
        if (painter.softmaxKeys()) {
            keys = g.op("Softmax", List.of(attr("axis", -1)), keys);
        }
        String values = matrixMajor(g, painter.tanhValues() ? g.op("Tanh", parts[1]) : parts[1], steps, size);
        String rates = matrixMajor(g, painter.sigmoidRates() ? g.op("Sigmoid", parts[2]) : parts[2], steps,
                painter.lrDim());
        String[] valueRows = perStep(g, values, steps);
        String[] rateRows = perStep(g, rates, steps);
        // gram[m, t, j] = k_t · k_j
        String gram = g.op("MatMul", keys, transposed(g, keys));
        String w0 = start == null ? null : g.op("Reshape", start, g.longs(-1, size, size));
        // startTerms[m, t, :] = W_0 k_t
        String[] startTerms = w0 == null ? null : perStep(g, transposed(g, g.op("MatMul", w0, transposed(g, keys))),
                steps);
        String updates = null;
        for (int t = 0; t < steps; t++) {
            String u;
            if (t == 0 && w0 == null) {
                u = valueRows[t];
            } else {
                String correction = w0 == null ? null : startTerms[t];
                if (t > 0) {
                    String gramRow = g.op("Slice", gram, g.longs(t, 0), g.longs(t + 1L, t), g.longs(1, 2));
                    String earlier = g.op("MatMul", gramRow, updates);
                    correction = correction == null ? earlier : g.op("Add", correction, earlier);
                }
                u = g.op("Mul", rateRows[t], g.op("Sub", valueRows[t], correction));
            }
            updates = updates == null ? u : g.op("Concat", List.of(attr("axis", 1)), updates, u);
        }
        String painted = g.op("MatMul", transposed(g, updates), keys);
        if (w0 != null) {
            painted = g.op("Add", w0, painted);
        }
        return new Painting(updates, keys, w0, image(g, painter, painted));
    }

    /**
     * The update u_t k_tᵀ of every step and the matrix W_t after it, as (B, T, C, S, S) images: the step
     * visualisation's raw material.
     */
    static String[] updatesAndPartials(OnnxGraph g, DeltaRulePainter painter, Painting painting, int steps) {
        String outer = g.op("Mul", g.op("Unsqueeze", painting.updates(), g.longs(3)),
                g.op("Unsqueeze", painting.keys(), g.longs(2)));
        String partials = g.op("CumSum", outer, g.longScalar(1));
        if (painting.start() != null) {
            partials = g.op("Add", partials, g.op("Unsqueeze", painting.start(), g.longs(1)));
        }
        return new String[] {stepImages(g, painter, outer, steps), stepImages(g, painter, partials, steps)};
    }

    /** (B·C, S, S) matrices as (B, C, S, S) images. */
    private static String image(OnnxGraph g, DeltaRulePainter painter, String matrices) {
        return g.op("Reshape", matrices, g.longs(-1, painter.channels(), painter.size(), painter.size()));
    }

    /** (B·C, T, S, S) → (B, T, C, S, S). */
    private static String stepImages(OnnxGraph g, DeltaRulePainter painter, String x, int steps) {
        int s = painter.size();
        String split = g.op("Reshape", x, g.longs(-1, painter.channels(), steps, s, s));
        return g.op("Transpose", List.of(ints("perm", 0, 2, 1, 3, 4)), split);
    }

    /** (T, B, C·n) → (B·C, T, n). */
    private static String matrixMajor(OnnxGraph g, String x, int steps, long n) {
        return g.op("Transpose", List.of(ints("perm", STEP_MAJOR_TO_MATRIX_MAJOR)),
                g.op("Reshape", x, g.longs(steps, -1, n)));
    }

    /** (B·C, T, n) → T values of (B·C, 1, n). */
    private static String[] perStep(OnnxGraph g, String x, int steps) {
        long[] ones = new long[steps];
        Arrays.fill(ones, 1);
        return g.ops("Split", steps, List.of(attr("axis", 1)), x, g.longs(ones));
    }

    private static String transposed(OnnxGraph g, String x) {
        return g.op("Transpose", List.of(ints("perm", SWAP_LAST_TWO)), x);
    }
}
