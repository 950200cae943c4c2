package dev.fpa.runtime.generate;

import static dev.fpa.runtime.generate.TinyGraphs.node;
import static dev.fpa.runtime.generate.TinyGraphs.valueInfo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GraphPruningTest {
    private static final float[] Z = {-2, -1, 0.5f, 3, 4, -0.25f, 0, 1};

    /** shared = Abs(z); raw = Relu(Neg(shared)) + bias; frames = shared · scale; only frames uses scale. */
    private static OnnxMl.GraphProto.Builder twoOutputs() {
        return OnnxMl.GraphProto.newBuilder().setName("two")
                .addInput(valueInfo("z", 4))
                .addOutput(valueInfo("raw", 4))
                .addOutput(valueInfo("frames", 4))
                .addInitializer(OnnxMl.TensorProto.newBuilder().setName("scale").setDataType(DataType.FLOAT_VALUE)
                        .addFloatData(3))
                .addInitializer(OnnxMl.TensorProto.newBuilder().setName("bias").setDataType(DataType.FLOAT_VALUE)
                        .addFloatData(0.5f))
                .addValueInfo(valueInfo("scaled", 4))
                .addNode(node("Abs", List.of("z"), "shared"))
                .addNode(node("Mul", List.of("shared", "scale"), "scaled"))
                .addNode(node("Neg", List.of("shared"), "negated"))
                .addNode(node("Identity", List.of("scaled"), "frames"))
                .addNode(node("Relu", List.of("negated"), "rectified"))
                .addNode(node("Add", List.of("rectified", "bias"), "raw"));
    }

    @Test
    void dropsTheOutputAndWhatOnlyItNeededAndComputesTheSameRest() throws Exception {
        byte[] whole = TinyGraphs.model(twoOutputs()).build().toByteArray();
        byte[] pruned = GraphPruning.without(whole, "frames").orElseThrow();
        OnnxMl.GraphProto g = OnnxMl.ModelProto.parseFrom(pruned).getGraph();
        assertEquals(List.of("raw"), g.getOutputList().stream().map(OnnxMl.ValueInfoProto::getName).toList());
        assertEquals(List.of("Abs", "Neg", "Relu", "Add"), g.getNodeList().stream()
                .map(OnnxMl.NodeProto::getOpType).toList());
        assertEquals(List.of("bias"), g.getInitializerList().stream().map(OnnxMl.TensorProto::getName).toList());
        assertTrue(g.getValueInfoList().isEmpty(), g.getValueInfoList().toString());
        Map<String, OnnxSession.Tensor> input = Map.of("z", new OnnxSession.Tensor(Z, new long[] {2, 4}));
        try (OnnxSession a = OnnxSession.open(whole, Device.CPU, 1);
                OnnxSession b = OnnxSession.open(pruned, Device.CPU, 1)) {
            float[] expected = a.run(input, Set.of("raw")).get("raw");
            assertArrayEquals(expected, b.run(input, Set.of("raw")).get("raw"));
            assertEquals(0.5f, expected[0]);
        }
    }

    @Test
    void leavesAModelWithoutThatOutputOrWithSubgraphsAlone() throws Exception {
        byte[] whole = TinyGraphs.model(twoOutputs()).build().toByteArray();
        assertTrue(GraphPruning.without(whole, "missing").isEmpty());
        OnnxMl.GraphProto.Builder withSubgraph = twoOutputs().addNode(node("If", List.of("condition"), "chosen")
                .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("then_branch")
                        .setType(OnnxMl.AttributeProto.AttributeType.GRAPH)
                        .setG(OnnxMl.GraphProto.newBuilder().setName("branch"))));
        assertTrue(GraphPruning.without(TinyGraphs.model(withSubgraph).build().toByteArray(), "frames").isEmpty());
    }
}
