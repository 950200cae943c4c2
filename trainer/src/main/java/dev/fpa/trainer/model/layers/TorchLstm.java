package dev.fpa.trainer.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * A unidirectional, time-major LSTM with torch.nn.LSTM semantics (DESIGN.md §2.1) and torch's parameter
 * names ({@code weight_ih_l0}, {@code weight_hh_l0}, {@code bias_ih_l0}, {@code bias_hh_l0}, then
 * layer 1, ...), so official weights load by name. Gate blocks are ordered i, f, g, o.
 *
 * <p>It runs the engine's fused LSTM kernel, the one DJL's own {@code LSTM} block uses; that block is
 * not used because its parameter names differ. Input: (x (T, B, I), h0 (L, B, H), c0 (L, B, H)) or
 * x alone for a zero initial state. Output: (y (T, B, H), h_T (L, B, H), c_T (L, B, H)).
 */
public final class TorchLstm extends TorchModule {
    private static final int GATES = 4;

    private final int hiddenSize;
    private final int numLayers;
    private final List<Parameter> flatWeights = new ArrayList<>();

    /** Every parameter starts as U(-initBound, initBound); torch's own default bound is 1/sqrt(hiddenSize). */
    public TorchLstm(int inputSize, int hiddenSize, int numLayers, float initBound) {
        this.hiddenSize = hiddenSize;
        this.numLayers = numLayers;
        UniformInitializer init = new UniformInitializer(initBound);
        for (int l = 0; l < numLayers; l++) {
            long layerInput = l == 0 ? inputSize : hiddenSize;
            // Torch's flat-weight order per layer, which the fused kernel expects.
            flatWeights.add(parameter("weight_ih_l" + l, Parameter.Type.WEIGHT, new Shape(GATES * hiddenSize,
                    layerInput), init));
            flatWeights.add(parameter("weight_hh_l" + l, Parameter.Type.WEIGHT, new Shape(GATES * hiddenSize,
                    hiddenSize), init));
            flatWeights.add(parameter("bias_ih_l" + l, Parameter.Type.BIAS, new Shape(GATES * hiddenSize), init));
            flatWeights.add(parameter("bias_hh_l" + l, Parameter.Type.BIAS, new Shape(GATES * hiddenSize), init));
        }
    }

    public int hiddenSize() {
        return hiddenSize;
    }

    public int numLayers() {
        return numLayers;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String,
            Object> params) {
        NDArray x = inputs.head();
        NDList state = inputs.size() == 3 ? new NDList(inputs.get(1), inputs.get(2)) : zeroState(x);
        NDList weights = new NDList();
        for (Parameter p : flatWeights) {
            weights.add(ps.getValue(p, x.getDevice(), training));
        }
        boolean hasBiases = true;
        double dropout = 0;
        boolean bidirectional = false;
        boolean batchFirst = false;
        return x.getNDArrayInternal().lstm(x, state, weights, hasBiases, numLayers, dropout, training,
                bidirectional, batchFirst);
    }

    private NDList zeroState(NDArray x) {
        Shape stateShape = new Shape(numLayers, x.getShape().get(1), hiddenSize);
        return new NDList(x.getManager().zeros(stateShape, x.getDataType()), x.getManager().zeros(stateShape,
                x.getDataType()));
    }
}
