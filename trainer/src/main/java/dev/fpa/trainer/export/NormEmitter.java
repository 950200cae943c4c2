package dev.fpa.trainer.export;

import static dev.fpa.trainer.export.OnnxGraph.attr;
import static dev.fpa.trainer.export.OnnxGraph.ints;

import ai.djl.nn.Block;
import dev.fpa.trainer.model.layers.ChanNorm;
import dev.fpa.trainer.model.layers.TorchBatchNorm2d;
import dev.fpa.trainer.model.layers.TorchGroupNorm;
import java.util.List;
import java.util.Arrays;

/**
 * The normalisations: {@code ChanNorm} (per pixel over channels), {@code TorchGroupNorm}, {@code TorchBatchNorm2d}
 * (eval).
 */
final class NormEmitter {
    private NormEmitter() {
    }

    /** (x − mean_c)/√(var_c + eps)·g + b, the biased variance over the channel axis. */
    static String chanNorm(OnnxGraph g, Block norm, String x) {
        List<ai.onnx.proto.OnnxMl.AttributeProto> channelAxis = List.of(ints("axes", 1), attr("keepdims", 1));
        String centred = g.op("Sub", x, g.op("ReduceMean", channelAxis, x));
        String variance = g.op("ReduceMean", channelAxis, g.op("Mul", centred, centred));
        String normalised = g.op("Div", centred, g.op("Sqrt", g.op("Add", variance, g.scalar(ChanNorm.EPS))));
        return g.op("Add", g.op("Mul", normalised, BlockWeights.weight(g, norm, "g")),
                BlockWeights.weight(g, norm, "b"));
    }

    /**
     * Each sample's channel groups normalised with their biased statistics, then the per-channel affine map.
     * The grouping is an InstanceNormalization of the (N, groups, rest) view with unit scale and zero shift.
     */
    static String groupNorm(OnnxGraph g, TorchGroupNorm norm, String x) {
        int groups = norm.groups();
        float[] ones = new float[groups];
        Arrays.fill(ones, 1f);
        String grouped = g.op("Reshape", x, g.longs(0, groups, -1));
        String normalised = g.op("InstanceNormalization", List.of(attr("epsilon", TorchGroupNorm.EPS)), grouped,
                g.weight("group_scale", ones, groups), g.weight("group_shift", new float[groups], groups));
        String restored = g.op("Reshape", normalised, g.op("Shape", x));
        return g.op("Add", g.op("Mul", restored, channelMap(g, norm, "weight")), channelMap(g, norm, "bias"));
    }

    /** Eval mode: the running statistics. */
    static String batchNorm(OnnxGraph g, Block norm, String x) {
        return g.op("BatchNormalization", List.of(attr("epsilon", TorchBatchNorm2d.EPS)), x,
                BlockWeights.weight(g, norm, "weight"), BlockWeights.weight(g, norm, "bias"),
                BlockWeights.weight(g, norm, "running_mean"), BlockWeights.weight(g, norm, "running_var"));
    }

    /** A per-channel vector (C) as a (C, 1, 1) weight that broadcasts over (N, C, H, W). */
    private static String channelMap(OnnxGraph g, Block block, String name) {
        float[] v = BlockWeights.values(block, name);
        return g.weight(name, v, v.length, 1, 1);
    }
}
