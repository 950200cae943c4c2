package dev.fpa.trainer.export;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.fpa.runtime.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes an exported generator as a Triton Inference Server model repository entry: {@code DIR/<name>/config.pbtxt}
 * (ONNX Runtime backend, batching over the first dimension) and {@code DIR/<name>/1/model.onnx}. The inputs and
 * outputs are read from the graph, so the config always matches the model.
 */
public final class TritonRepository {
    private static final String PLATFORM = "onnxruntime_onnx";
    private static final String VERSION = "1";
    private static final String MODEL_FILE = "model.onnx";
    private static final String CONFIG_FILE = "config.pbtxt";

    private TritonRepository() {
    }

    /** @return the model's directory, {@code repository/name} */
    public static Path write(Path repository, String name, ModelProto model, int maxBatchSize) throws IOException {
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("max batch size must be at least 1, got " + maxBatchSize);
        }
        Path dir = repository.resolve(name);
        OnnxExporter.write(model, dir.resolve(VERSION).resolve(MODEL_FILE));
        AtomicFiles.write(dir.resolve(CONFIG_FILE), config(name, model, maxBatchSize).getBytes(StandardCharsets.UTF_8));
        return dir;
    }

    /**
     * The config.pbtxt text: dims leave out the batch dimension, as Triton wants with max_batch_size > 0; dynamic
     * batching runs the requests waiting together (no added delay, as {@code fpa serve} does by default), and one
     * CPU instance per core runs batches side by side, each with one thread per operator.
     */
    static String config(String name, ModelProto model, int maxBatchSize) {
        return "name: \"" + name + "\"\n"
                + "platform: \"" + PLATFORM + "\"\n"
                + "max_batch_size: " + maxBatchSize + "\n"
                + "input [\n" + tensors(model.getGraph().getInputList()) + "\n]\n"
                + "output [\n" + tensors(model.getGraph().getOutputList()) + "\n]\n"
                + "dynamic_batching {\n  max_queue_delay_microseconds: 0\n}\n"
                + "instance_group [\n  {\n    count: " + Runtime.getRuntime().availableProcessors()
                + "\n    kind: KIND_CPU\n  }\n]\n"
                + "parameters { key: \"intra_op_thread_count\" value: { string_value: \"1\" } }\n";
    }

    private static String tensors(List<ValueInfoProto> values) {
        return values.stream().map(v -> {
            List<TensorShapeProto.Dimension> dims = v.getType().getTensorType().getShape().getDimList();
            String perSample = dims.subList(1, dims.size()).stream().map(d -> Long.toString(d.getDimValue()))
                    .collect(Collectors.joining(", "));
            return "  {\n    name: \"" + v.getName() + "\"\n    data_type: TYPE_FP32\n    dims: [ " + perSample + " "
                    + "]\n  }";
        }).collect(Collectors.joining(",\n"));
    }
}
