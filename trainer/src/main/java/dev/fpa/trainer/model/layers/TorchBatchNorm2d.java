package dev.fpa.trainer.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * torch.nn.BatchNorm2d (eps 1e-5, momentum 0.1) with torch's state-dict entries {@code weight}, {@code bias}
 * and the buffers {@code running_mean}, {@code running_var}, {@code num_batches_tracked} (int64 scalar).
 * DJL's own BatchNorm is not used: its names differ and it has no batch counter. Eval normalises with the
 * running statistics; training with the batch statistics (biased variance) and then moves the running
 * statistics a momentum step towards them (unbiased variance), as torch does.
 */
public final class TorchBatchNorm2d extends TorchModule {
    public static final double EPS = 1e-5;
    private static final double MOMENTUM = 0.1;

    private final Parameter weight;
    private final Parameter bias;
    private final Parameter runningMean;
    private final Parameter runningVar;
    private final Parameter numBatchesTracked;

    public TorchBatchNorm2d(int channels) {
        Shape shape = new Shape(channels);
        this.weight = parameter("weight", Parameter.Type.GAMMA, shape, Initializer.ONES);
        this.bias = parameter("bias", Parameter.Type.BETA, shape, Initializer.ZEROS);
        this.runningMean = buffer("running_mean", shape, Initializer.ZEROS);
        this.runningVar = buffer("running_var", shape, Initializer.ONES);
        this.numBatchesTracked = buffer("num_batches_tracked", new Shape(),
                (manager, s, dataType) -> manager.zeros(s, DataType.INT64));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String,
            Object> params) {
        NDArray x = inputs.head();
        NDArray mean;
        NDArray variance;
        if (training) {
            mean = perChannelMean(x);
            variance = perChannelMean(x.sub(mean).square());
            updateRunningStatistics(x, mean, variance);
        } else {
            mean = channelMap(ps.getValue(runningMean, x.getDevice(), false), x);
            variance = channelMap(ps.getValue(runningVar, x.getDevice(), false), x);
        }
        NDArray normalised = x.sub(mean).div(variance.add(EPS).sqrt());
        NDArray w = channelMap(ps.getValue(weight, x.getDevice(), training), x);
        NDArray b = channelMap(ps.getValue(bias, x.getDevice(), training), x);
        return new NDList(normalised.mul(w).add(b));
    }

    /** Mean over batch and pixels, (1, C, 1, 1); axis by axis, as the engine reduces one axis at a time. */
    private static NDArray perChannelMean(NDArray t) {
        return t.mean(new int[] {0}, true).mean(new int[] {2}, true).mean(new int[] {3}, true);
    }

    /** Updates the buffers themselves, not a parameter store's copies, so the new values persist. */
    private void updateRunningStatistics(NDArray x, NDArray mean, NDArray biasedVariance) {
        Shape s = x.getShape();
        long valuesPerChannel = s.get(0) * s.get(2) * s.get(3);
        NDArray batchMean = mean.stopGradient().flatten();
        NDArray unbiasedVariance = biasedVariance.stopGradient().flatten()
                .mul((double) valuesPerChannel / (valuesPerChannel - 1));
        runningMean.getArray().muli(1 - MOMENTUM).addi(batchMean.mul(MOMENTUM));
        runningVar.getArray().muli(1 - MOMENTUM).addi(unbiasedVariance.mul(MOMENTUM));
        numBatchesTracked.getArray().addi(1);
    }
}
