package dev.fpa.trainer.model;

import dev.fpa.trainer.model.layers.StateDictLoader;
import dev.fpa.trainer.model.layers.TorchLstm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fused LSTM kernel against the equations of DESIGN.md §2.1 written out step by step. */
class TorchLstmTest {
    private static final int INPUT = 5;
    private static final int HIDDEN = 7;
    private static final int LAYERS = 2;
    private static final int STEPS = 6;
    private static final int BATCH = 3;
    private static final float BOUND = 0.5f;

    @Test
    void matchesTheTorchEquationsWithAnInitialStatePerLayer() {
        try (NDManager manager = NDManager.newBaseManager()) {
            TorchLstm lstm = new TorchLstm(INPUT, HIDDEN, LAYERS, BOUND);
            lstm.initialize(manager, DataType.FLOAT32, new Shape(STEPS, BATCH, INPUT));
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray x = manager.randomNormal(new Shape(STEPS, BATCH, INPUT));
            NDArray h0 = manager.randomNormal(new Shape(LAYERS, BATCH, HIDDEN));
            NDArray c0 = manager.randomNormal(new Shape(LAYERS, BATCH, HIDDEN));

            NDList fused = lstm.forward(ps, new NDList(x, h0, c0), false);
            NDList reference = reference(StateDictLoader.namedParameters(lstm), x, h0, c0);

            for (int i = 0; i < 3; i++) {
                assertEquals(reference.get(i).getShape(), fused.get(i).getShape());
                double error = fused.get(i).sub(reference.get(i)).abs().max().getFloat();
                assertEquals(0, error, 1e-6, "output " + i);
            }
        }
    }

    @Test
    void startsFromZeroWithoutAState() {
        try (NDManager manager = NDManager.newBaseManager()) {
            TorchLstm lstm = new TorchLstm(INPUT, HIDDEN, LAYERS, BOUND);
            lstm.initialize(manager, DataType.FLOAT32, new Shape(STEPS, BATCH, INPUT));
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray x = manager.randomNormal(new Shape(STEPS, BATCH, INPUT));
            NDArray zeros = manager.zeros(new Shape(LAYERS, BATCH, HIDDEN));
            NDArray implicit = lstm.forward(ps, new NDList(x), false).get(0);
            NDArray explicit = lstm.forward(ps, new NDList(x, zeros, zeros), false).get(0);
            assertEquals(0, implicit.sub(explicit).abs().max().getFloat());
        }
    }

    /** Gates i, f, g, o in row blocks; layer l+1 reads layer l's hidden sequence. */
    private static NDList reference(Map<String, Parameter> weights, NDArray x, NDArray h0, NDArray c0) {
        NDArray input = x;
        NDList finalH = new NDList();
        NDList finalC = new NDList();
        for (int l = 0; l < LAYERS; l++) {
            NDArray wIh = weights.get("weight_ih_l" + l).getArray();
            NDArray wHh = weights.get("weight_hh_l" + l).getArray();
            NDArray bIh = weights.get("bias_ih_l" + l).getArray();
            NDArray bHh = weights.get("bias_hh_l" + l).getArray();
            NDArray h = h0.get(l);
            NDArray c = c0.get(l);
            NDList outputs = new NDList();
            for (int t = 0; t < STEPS; t++) {
                NDArray gates = Linear.linear(input.get(t), wIh, bIh).head().add(Linear.linear(h, wHh, bHh).head());
                NDList ifgo = gates.split(4, 1);
                NDArray i = Activation.sigmoid(ifgo.get(0));
                NDArray f = Activation.sigmoid(ifgo.get(1));
                NDArray g = ifgo.get(2).tanh();
                NDArray o = Activation.sigmoid(ifgo.get(3));
                c = f.mul(c).add(i.mul(g));
                h = o.mul(c.tanh());
                outputs.add(h);
            }
            input = NDArrays.stack(outputs);
            finalH.add(h);
            finalC.add(c);
        }
        return new NDList(input, NDArrays.stack(finalH), NDArrays.stack(finalC));
    }
}
