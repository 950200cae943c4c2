package dev.fpa.runtime.metrics;

import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A feature model small enough to check by hand: features = flatten(image) · W, for NCHW float images with a
 * dynamic batch dimension, written with the ONNX protobuf classes.
 */
final class TinyFeatureModel {
    static final int CHANNELS = 3;
    static final int SIDE = 4;
    static final int DIM = 5;
    static final int INPUTS = CHANNELS * SIDE * SIDE;
    private static final int IR_VERSION = 8;
    private static final int OPSET = 13;

    private TinyFeatureModel() {
    }

    /** The weights, row-major (INPUTS, DIM). */
    static float[] weights() {
        float[] w = new float[INPUTS * DIM];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) Math.sin(i * 0.7) / 4;
        }
        return w;
    }

    /** features = flatten(x) · W for network-ready inputs (already resized and scaled). */
    static float[] expected(float[] networkInput, int count) {
        float[] w = weights();
        float[] out = new float[count * DIM];
        for (int n = 0; n < count; n++) {
            for (int k = 0; k < DIM; k++) {
                double s = 0;
                for (int i = 0; i < INPUTS; i++) {
                    s += (double) networkInput[n * INPUTS + i] * w[i * DIM + k];
                }
                out[n * DIM + k] = (float) s;
            }
        }
        return out;
    }

    /** Writes the model with these metadata_props. */
    static Path write(Path file, Map<String, String> metadata) throws IOException {
        OnnxMl.TensorProto.Builder w = OnnxMl.TensorProto.newBuilder().setName("W")
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()).addDims(INPUTS).addDims(DIM);
        for (float v : weights()) {
            w.addFloatData(v);
        }
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder().setName("tiny-features")
                .addInput(tensor("images", "N", CHANNELS, SIDE, SIDE))
                .addOutput(tensor("features", "N", DIM))
                .addInitializer(w)
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Flatten").addInput("images").addOutput("flat")
                        .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("axis").setI(1)
                                .setType(OnnxMl.AttributeProto.AttributeType.INT)))
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("MatMul").addInput("flat").addInput("W")
                        .addOutput("features"))
                .build();
        OnnxMl.ModelProto.Builder model = OnnxMl.ModelProto.newBuilder().setIrVersion(IR_VERSION)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName("fpa-test").setGraph(graph);
        metadata.forEach((k, v) -> model.addMetadataProps(
                OnnxMl.StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        Files.write(file, model.build().toByteArray());
        return file;
    }

    /** A float tensor value with a symbolic first dimension. */
    private static OnnxMl.ValueInfoProto tensor(String name, String batch, int... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder()
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam(batch));
        for (int d : dims) {
            shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()).setShape(shape))).build();
    }
}
