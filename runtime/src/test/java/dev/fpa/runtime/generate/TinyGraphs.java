package dev.fpa.runtime.generate;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import java.util.List;

/** Pieces of hand-built ONNX graphs for tests: float tensors with a free batch, nodes and attributes. */
final class TinyGraphs {

    private TinyGraphs() {
    }

    /** A float tensor (N, dims…). */
    static OnnxMl.ValueInfoProto valueInfo(String name, long... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder()
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
        for (long d : dims) {
            shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder().setTensorType(
                OnnxMl.TypeProto.Tensor.newBuilder().setElemType(DataType.FLOAT_VALUE).setShape(shape))).build();
    }

    static OnnxMl.NodeProto.Builder node(String op, List<String> inputs, String output) {
        return OnnxMl.NodeProto.newBuilder().setOpType(op).addAllInput(inputs).addOutput(output);
    }

    static OnnxMl.AttributeProto intAttribute(String name, long value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.INT)
                .setI(value).build();
    }

    /** The graph as a model file: IR 8, opset 13. */
    static OnnxMl.ModelProto.Builder model(OnnxMl.GraphProto.Builder graph) {
        return OnnxMl.ModelProto.newBuilder().setIrVersion(8).setGraph(graph)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setVersion(13));
    }
}
