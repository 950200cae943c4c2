package dev.fpa.trainer.model.painter;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * The painting loop of DESIGN.md §3: per image and channel an S×S fast weight matrix W is built by T
 * delta-rule rank-1 updates. Step 1 without a start matrix writes W = v kᵀ (no learning rate); every
 * later step writes W += η(v − W k) kᵀ. The value indexes image rows, the key image columns.
 */
public final class DeltaRulePainter {
    /** Sees each step's update u kᵀ and the matrix W_t after it, both shaped (B, C, S, S). */
    @FunctionalInterface
    interface StepObserver {
        StepObserver NONE = (step, update, weights) -> { };

        /** {@code step} counts from 0. */
        void afterStep(int step, NDArray update, NDArray weights);
    }

    private final int channels;
    private final int size;
    private final int lrDim;
    private final boolean softmaxKeys;
    private final boolean tanhValues;
    private final boolean sigmoidRates;

    /**
     * @param lrDim learning-rate entries per channel: 1, or {@code size} for one rate per image row
     */
    DeltaRulePainter(int channels, int size, int lrDim, boolean softmaxKeys, boolean tanhValues, boolean sigmoidRates) {
        this.channels = channels;
        this.size = size;
        this.lrDim = lrDim;
        this.softmaxKeys = softmaxKeys;
        this.tanhValues = tanhValues;
        this.sigmoidRates = sigmoidRates;
    }

    /** Length of one step's projection vector: keys, values and rates of every channel. */
    public int projectionSize() {
        return channels * (2 * size + lrDim);
    }

    public int channels() {
        return channels;
    }

    /** S: the side of each channel's matrix. */
    public int size() {
        return size;
    }

    /** Learning-rate entries per channel: 1, or S for one rate per image row. */
    public int lrDim() {
        return lrDim;
    }

    public boolean softmaxKeys() {
        return softmaxKeys;
    }

    public boolean tanhValues() {
        return tanhValues;
    }

    public boolean sigmoidRates() {
        return sigmoidRates;
    }

    /**
     * Paints from the per-step projections (T, B, C·(2S+L)), laid out [keys | values | rates] with
     * the channels one after another inside each block.
     *
     * @param start W_0 of shape (B, C, S, S), or null to start from zero
     * @return W_T, shape (B, C, S, S)
     */
    NDArray paint(NDArray projections, NDArray start, StepObserver observer) {
        long steps = projections.getShape().get(0);
        long batch = projections.getShape().get(1);
        long matrices = batch * channels;
        int block = channels * size;
        NDArray keys = projections.get(":, :, :" + block).reshape(steps, matrices, size);
        NDArray values = projections.get(":, :, " + block + ":" + 2 * block).reshape(steps, matrices, size);
        NDArray rates = projections.get(":, :, " + 2 * block + ":").reshape(steps, matrices, lrDim);
        if (softmaxKeys) {
            keys = keys.softmax(2);
        }
        if (tanhValues) {
            values = values.tanh();
        }
        if (sigmoidRates) {
            rates = Activation.sigmoid(rates);
        }
        NDArray w = start == null ? null : start.reshape(matrices, size, size);
        for (int t = 0; t < steps; t++) {
            NDArray k = keys.get(t);
            NDArray v = values.get(t);
            NDArray u = w == null ? v : rates.get(t).mul(v.sub(w.batchMatMul(k.expandDims(2)).squeeze(2)));
            NDArray update = u.expandDims(2).batchMatMul(k.expandDims(1));
            w = w == null ? update : w.add(update);
            observer.afterStep(t, image(update, batch), image(w, batch));
        }
        return image(w, batch);
    }

    private NDArray image(NDArray matrices, long batch) {
        return matrices.reshape(batch, channels, size, size);
    }
}
