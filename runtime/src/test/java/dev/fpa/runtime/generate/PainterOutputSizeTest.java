package dev.fpa.runtime.generate;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static dev.fpa.runtime.generate.TinyGraphs.intAttribute;
import static dev.fpa.runtime.generate.TinyGraphs.node;
import static dev.fpa.runtime.generate.TinyGraphs.valueInfo;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ONNX Runtime takes a graph's declared output shape where it cannot infer one, and does not hold the computed
 * output to it: a generator that declares (N, 1, 2, 2) images but computes (N, 1, 2, 4) ones is caught as it runs.
 */
class PainterOutputSizeTest {
    private static final int LATENT_DIM = 4;
    private static final int SIDE = 2;

    @Test
    void refusesAnOutputOfAnotherSizeThanDeclared() throws IOException {
        try (Painter painter = Painter.open(lyingGenerator(), "lying.onnx", new Painter.Options(Device.CPU, 1, 3))) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> painter.generate(new long[] {1, 2}));
            assertTrue(e.getMessage().matches("lying\\.onnx: the model's output (image|raw) holds 16 values for 2 "
                    + "samples, not the 8 its metadata states"), e.getMessage());
        }
    }

    /** image = raw = reshape([z, z], (-1, 1, 2, 4)), with the 4 computed from z so that no inference finds it. */
    private static byte[] lyingGenerator() {
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName("lying")
                .addInput(valueInfo(ModelDescription.LATENTS, LATENT_DIM))
                .addOutput(valueInfo(ModelDescription.IMAGE, 1, SIDE, SIDE))
                .addOutput(valueInfo(ModelDescription.RAW, 1, SIDE, SIDE))
                .addInitializer(OnnxMl.TensorProto.newBuilder().setName("tail").setDataType(DataType.FLOAT_VALUE)
                        .addDims(3).addFloatData(1).addFloatData(SIDE).addFloatData(2 * SIDE))
                .addInitializer(OnnxMl.TensorProto.newBuilder().setName("batch").setDataType(DataType.INT64_VALUE)
                        .addDims(1).addInt64Data(-1))
                .addInitializer(OnnxMl.TensorProto.newBuilder().setName("zero").setDataType(DataType.FLOAT_VALUE)
                        .addFloatData(0));
        g.addNode(node("Concat", List.of("z", "z"), "zz").addAttribute(intAttribute("axis", 1)));
        g.addNode(node("ReduceSum", List.of("z"), "sum").addAttribute(intAttribute("keepdims", 0)));
        g.addNode(node("Mul", List.of("sum", "zero"), "nothing"));
        g.addNode(node("Add", List.of("tail", "nothing"), "tailFromZ"));
        g.addNode(node("Cast", List.of("tailFromZ"), "tailDims").addAttribute(intAttribute("to",
                DataType.INT64_VALUE)));
        g.addNode(node("Concat", List.of("batch", "tailDims"), "shape").addAttribute(intAttribute("axis", 0)));
        g.addNode(node("Reshape", List.of("zz", "shape"), ModelDescription.IMAGE));
        g.addNode(node("Identity", List.of(ModelDescription.IMAGE), ModelDescription.RAW));
        OnnxMl.ModelProto.Builder model = TinyGraphs.model(g);
        new ModelDescription("lstm_delta", "{}", LATENT_DIM, 1, SIDE, 0, 0, "G", 0, "", "test", "0", List.of())
                .toMetadata().forEach((k, v) -> model.addMetadataProps(
                        OnnxMl.StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return model.build().toByteArray();
    }
}
