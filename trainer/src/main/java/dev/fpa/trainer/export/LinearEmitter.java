package dev.fpa.trainer.export;

import ai.djl.nn.Block;

/**
 * torch.nn.Linear ({@code TorchLinear}) and its Sequential with a ReLU ({@code LinearRelu}): x·Wᵀ + b over the last
 * axis.
 */
final class LinearEmitter {
    private LinearEmitter() {
    }

    /** A TorchLinear in the graph's current scope. */
    static String linear(OnnxGraph g, Block linear, String x) {
        return g.op("Add", g.op("MatMul", x, BlockWeights.transposed(g, linear, "weight")),
                BlockWeights.weight(g, linear, "bias"));
    }

    /** The TorchLinear child {@code name} of {@code parent}, scoped under that name. */
    static String linear(OnnxGraph g, Block parent, String name, String x) {
        try (OnnxGraph.Scope s = g.scope(name)) {
            return linear(g, BlockWeights.child(parent, name), x);
        }
    }

    /** A LinearRelu child of {@code parent}: its Linear is child "0". */
    static String linearRelu(OnnxGraph g, Block parent, String name, String x) {
        try (OnnxGraph.Scope s = g.scope(name)) {
            return g.op("Relu", linear(g, BlockWeights.child(parent, name), "0", x));
        }
    }
}
