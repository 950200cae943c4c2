package dev.fpa.trainer.train;

import dev.fpa.trainer.checkpoint.AdamStateLayout;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.fpa.runtime.array.NdArray;
import dev.fpa.trainer.model.layers.InPlaceCopy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * torch.optim.Adam as PyTorch 1.13 computes it (no weight decay, no amsgrad), over named parameters. DJL's Adam
 * differs in where eps enters and hides its state; this one keeps the state by official parameter name, so a
 * checkpoint holds it as {@code exp_avg/<name>}, {@code exp_avg_sq/<name>} and {@code step/<name>}, and an
 * official optimizer state maps onto it by parameter order. As in torch, a parameter whose gradient was never
 * written takes no step and gets no state.
 */
public final class TorchAdam {

    private final Map<String, Parameter> parameters;
    private final ToDoubleFunction<String> learningRate;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final Map<String, Moments> state = new LinkedHashMap<>();

    /** One parameter's moments, kept on the parameter's manager, and how many steps it took. */
    private static final class Moments {
        final NDArray expAvg;
        final NDArray expAvgSq;
        long step;

        Moments(NDArray parameter) {
            expAvg = parameter.zerosLike();
            expAvgSq = parameter.zerosLike();
            NDScope.unregister(expAvg, expAvgSq);
        }
    }

    /**
     * @param parameters   the trainable parameters by official name, in official order
     * @param learningRate the learning rate of each parameter (by name), for optimizers with parameter groups
     */
    public TorchAdam(Map<String, Parameter> parameters, ToDoubleFunction<String> learningRate, double beta1,
            double beta2, double eps) {
        this.parameters = new LinkedHashMap<>(parameters);
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
    }

    public Collection<Parameter> parameters() {
        return parameters.values();
    }

    /** Sets every gradient to zero in place, as torch's zero_grad before an accumulation. */
    public void zeroGrad() {
        parameters.values().forEach(p -> TorchGradients.zero(p.getArray()));
    }

    /** One update of every parameter that has a gradient. */
    public void step() {
        try (NDScope scope = new NDScope()) {
            parameters.forEach((name, p) -> {
                NDArray grad = TorchGradients.of(p.getArray());
                if (grad != null) {
                    update(p.getArray(), grad, state.computeIfAbsent(name, k -> new Moments(p.getArray())),
                            learningRate.applyAsDouble(name));
                }
            });
        }
    }

    private void update(NDArray param, NDArray grad, Moments m, double lr) {
        m.step++;
        // StrictMath: Math.pow may round differently once the JIT compiles it, and a run must not depend on that.
        double biasCorrection1 = 1 - StrictMath.pow(beta1, m.step);
        double biasCorrection2 = 1 - StrictMath.pow(beta2, m.step);
        m.expAvg.muli(beta1).addi(grad.mul(1 - beta1));
        m.expAvgSq.muli(beta2).addi(grad.square().mul(1 - beta2));
        NDArray denom = m.expAvgSq.sqrt().div(Math.sqrt(biasCorrection2)).add(eps);
        param.subi(m.expAvg.div(denom).mul(lr / biasCorrection1));
    }

    /** The state as checkpoint tensors: float32 moments and an int64 step count per parameter. */
    public Map<String, NdArray> stateDict() {
        Map<String, NdArray> out = new LinkedHashMap<>();
        state.forEach((name, m) -> {
            long[] shape = m.expAvg.getShape().getShape();
            AdamStateLayout.put(out, name, NdArray.of(m.expAvg.toFloatArray(), shape),
                    NdArray.of(m.expAvgSq.toFloatArray(), shape), m.step);
        });
        return out;
    }

    /**
     * Replaces the state with a saved one. Entries of parameters this optimizer does not train (say, a frozen
     * painter) are skipped and returned, so the caller can report them.
     *
     * @throws IllegalArgumentException if an entry is incomplete or its shape differs from its parameter's
     */
    public List<String> loadStateDict(Map<String, NdArray> saved) {
        List<String> skipped = new ArrayList<>();
        state.values().forEach(m -> {
            m.expAvg.close();
            m.expAvgSq.close();
        });
        state.clear();
        for (Map.Entry<String, NdArray> e : saved.entrySet()) {
            String name = AdamStateLayout.stepOf(e.getKey());
            if (name == null) {
                continue;
            }
            Parameter p = parameters.get(name);
            if (p == null) {
                skipped.add(name);
                continue;
            }
            NdArray avg = require(saved, AdamStateLayout.expAvgKey(name), p.getShape());
            NdArray avgSq = require(saved, AdamStateLayout.expAvgSqKey(name), p.getShape());
            Moments m = new Moments(p.getArray());
            InPlaceCopy.fromHost(avg, m.expAvg);
            InPlaceCopy.fromHost(avgSq, m.expAvgSq);
            m.step = Math.round(e.getValue().scalar());
            state.put(name, m);
        }
        return skipped;
    }

    private static NdArray require(Map<String, NdArray> saved, String key, Shape shape) {
        NdArray a = saved.get(key);
        if (a == null) {
            throw new IllegalArgumentException("optimizer state has a step but no " + key);
        }
        if (!new Shape(a.shape()).equals(shape)) {
            throw new IllegalArgumentException("optimizer state " + key + " has shape " + new Shape(a.shape())
                    + ", the parameter " + shape);
        }
        return a;
    }
}
