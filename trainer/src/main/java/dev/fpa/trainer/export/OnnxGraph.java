package dev.fpa.trainer.export;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small builder of ONNX graphs over the protobuf classes of tribuo-util-onnx. Values are named by strings;
 * {@link #op} appends a node and returns the name of its output. Nodes and weights are named after the scope
 * they are emitted in ({@link #scope}), which the emitters set to the official module names, so a graph reads
 * like the state dict ("u_net.downs.0.0.block1.proj.weight", node "u_net.downs.0.0.block1.proj/Conv_12").
 */
public final class OnnxGraph {
    /** A dimension that is not fixed: the batch. */
    public static final String BATCH = "N";

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final Deque<String> scopes = new ArrayDeque<>();
    private final Map<String, String> integerConstants = new HashMap<>();
    private final Set<String> weights = new HashSet<>();
    private int counter;

    public OnnxGraph(String name) {
        graph.setName(name);
    }

    /** Emitted nodes and weights are named under {@code name} (joined to the outer scope by a dot) until closed. */
    public Scope scope(String name) {
        scopes.push(scopes.isEmpty() ? name : scopes.peek() + "." + name);
        return scopes::pop;
    }

    /** Closes a {@link #scope} without checked exceptions. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** A float32 graph input; a dimension is a fixed size (Integer or Long) or a symbolic name (String). */
    public String input(String name, Object... dims) {
        graph.addInput(valueInfo(name, dims));
        return name;
    }

    /**
     * Declares {@code value}, the output of a node, as the graph output {@code name} with the given dimensions: the
     * value is renamed everywhere, so no copy node is needed.
     */
    public void output(String value, String name, Object... dims) {
        for (NodeProto.Builder node : graph.getNodeBuilderList()) {
            for (int i = 0; i < node.getInputCount(); i++) {
                if (node.getInput(i).equals(value)) {
                    node.setInput(i, name);
                }
            }
            for (int i = 0; i < node.getOutputCount(); i++) {
                if (node.getOutput(i).equals(value)) {
                    node.setOutput(i, name);
                }
            }
        }
        graph.addOutput(valueInfo(name, dims));
    }

    /**
     * A float32 weight named after the current scope, e.g. "kvb_net.weight". A module emitted twice (the U-Net
     * of the frames) names the same weights again; they are stored once.
     */
    public String weight(String name, float[] values, long... dims) {
        String full = scoped(name);
        if (!weights.add(full)) {
            return full;
        }
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        graph.addInitializer(TensorProto.newBuilder().setName(full).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addAllDims(Arrays.stream(dims).boxed().toList()).setRawData(ByteString.copyFrom(bytes.array())));
        return full;
    }

    /** A float32 scalar constant. */
    public String scalar(double value) {
        return weight("const" + counter++, new float[] {(float) value});
    }

    /** A 1-D int64 constant (shapes, axes, split sizes), shared between the nodes that use the same values. */
    public String longs(long... values) {
        return integerConstants.computeIfAbsent(Arrays.toString(values), key -> {
            String name = "ints" + integerConstants.size() + "_" + key.replaceAll("[^0-9-]+", "_");
            ByteBuffer bytes = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asLongBuffer().put(values);
            graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
                    .addDims(values.length).setRawData(ByteString.copyFrom(bytes.array())));
            return name;
        });
    }

    /** A 0-d int64 constant (an axis). */
    public String longScalar(long value) {
        return integerConstants.computeIfAbsent("scalar " + value, key -> {
            String name = "int" + integerConstants.size() + "_" + value;
            ByteBuffer bytes = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(value);
            graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
                    .setRawData(ByteString.copyFrom(bytes.array())));
            return name;
        });
    }

    /** A node with one output. */
    public String op(String opType, List<AttributeProto> attributes, String... inputs) {
        return ops(opType, 1, attributes, inputs)[0];
    }

    /** A node with one output and no attributes. */
    public String op(String opType, String... inputs) {
        return op(opType, List.of(), inputs);
    }

    /** A node with several outputs; an empty input name stands for an omitted optional input. */
    public String[] ops(String opType, int outputs, List<AttributeProto> attributes, String... inputs) {
        String name = scoped("") + opType + "_" + counter++;
        NodeProto.Builder node = NodeProto.newBuilder().setOpType(opType).setName(name)
                .addAllInput(Arrays.asList(inputs)).addAllAttribute(attributes);
        String[] out = new String[outputs];
        for (int i = 0; i < outputs; i++) {
            out[i] = name + ":" + i;
            node.addOutput(out[i]);
        }
        graph.addNode(node);
        return out;
    }

    public GraphProto build() {
        return graph.build();
    }

    public static AttributeProto attr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    public static AttributeProto attr(String name, double value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT)
                .setF((float) value).build();
    }

    public static AttributeProto attr(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build();
    }

    public static AttributeProto ints(String name, long... values) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS)
                .addAllInts(Arrays.stream(values).boxed().toList()).build();
    }

    private String scoped(String name) {
        if (scopes.isEmpty()) {
            return name;
        }
        return name.isEmpty() ? scopes.peek() + "/" : scopes.peek() + "." + name;
    }

    private static ValueInfoProto valueInfo(String name, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
            if (d instanceof String symbol) {
                dim.setDimParam(symbol);
            } else {
                dim.setDimValue(((Number) d).longValue());
            }
            shape.addDim(dim);
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape))).build();
    }
}
