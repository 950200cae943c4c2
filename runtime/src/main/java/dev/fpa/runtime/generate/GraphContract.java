package dev.fpa.runtime.generate;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.TensorInfo;
import dev.fpa.runtime.zoo.UntrustedText;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The graph a {@link ModelDescription} promises, checked against the inputs and outputs ONNX Runtime declares: the
 * latents (batch, latent_dim), the noise inputs and no others, the outputs image and raw (batch, channels,
 * image_size, image_size), and frames (batch, frames, channels, image_size, image_size) exactly when frames is not 0;
 * float tensors with a free batch and every other dimension fixed. The painter sizes its arrays by the metadata, so
 * metadata that disagrees with the graph is refused before anything runs.
 */
final class GraphContract {
    private static final String BATCH = "batch";

    private GraphContract() {
    }

    static void require(ModelDescription d, Map<String, NodeInfo> inputs, Map<String, NodeInfo> outputs)
            throws IOException {
        Set<String> expectedInputs = new HashSet<>(d.noiseInputs());
        expectedInputs.add(ModelDescription.LATENTS);
        if (!expectedInputs.equals(inputs.keySet())) {
            throw new IOException("metadata " + ModelDescription.NOISE_INPUTS + "="
                    + UntrustedText.quote(String.join(",", d.noiseInputs())) + " disagrees with the graph's inputs "
                    + inputs.keySet() + " (the latents " + ModelDescription.LATENTS + " and the noise inputs)");
        }
        requireShape("input", ModelDescription.LATENTS, inputs, new Dimension(ModelDescription.LATENT_DIM,
                d.latentDim()));
        double noiseValues = 0;
        for (String noise : d.noiseInputs()) {
            long[] shape = tensorShape("input", noise, inputs);
            if (shape.length < 2 || Arrays.stream(shape).skip(1).anyMatch(n -> n <= 0)) {
                throw new IOException("the graph's input " + noise + " " + Arrays.toString(shape) + " is not a "
                        + "noise input: it needs a batch and fixed sizes");
            }
            // In double, so that no declared size can overflow the sum.
            noiseValues += Arrays.stream(shape).skip(1).asDoubleStream().reduce(1, (a, b) -> a * b);
        }
        if (noiseValues > ModelDescription.MAX_VALUES_PER_SAMPLE) {
            throw new IOException("the graph's noise inputs take more values per sample than one array holds");
        }
        Dimension channels = new Dimension(ModelDescription.CHANNELS, d.channels());
        Dimension size = new Dimension(ModelDescription.IMAGE_SIZE, d.imageSize());
        requireShape("output", ModelDescription.IMAGE, outputs, channels, size, size);
        requireShape("output", ModelDescription.RAW, outputs, channels, size, size);
        if (d.hasFrames()) {
            requireShape("output", ModelDescription.FRAMES, outputs,
                    new Dimension(ModelDescription.FRAME_COUNT, d.frames()), channels, size, size);
        } else if (outputs.containsKey(ModelDescription.FRAMES)) {
            throw new IOException("metadata " + ModelDescription.FRAME_COUNT + "=0 disagrees with the graph's output "
                    + ModelDescription.FRAMES + " " + Arrays.toString(tensorShape("output", ModelDescription.FRAMES,
                    outputs)));
        }
    }

    /** A dimension the metadata fixes: the key that states it and its value. */
    private record Dimension(String key, long value) {
    }

    /** The port's shape must be (batch, dims…), with the dims the metadata states. */
    private static void requireShape(String kind, String name, Map<String, NodeInfo> ports, Dimension... dims)
            throws IOException {
        long[] shape = tensorShape(kind, name, ports);
        if (shape.length != dims.length + 1) {
            throw new IOException("the graph's " + kind + " " + name + " " + Arrays.toString(shape) + " is not ("
                    + BATCH + ", " + String.join(", ", Arrays.stream(dims).map(Dimension::key).toList()) + ")");
        }
        for (int i = 0; i < dims.length; i++) {
            if (shape[i + 1] != dims[i].value()) {
                throw new IOException("metadata " + dims[i].key() + "=" + dims[i].value() + " disagrees with the "
                        + "graph's " + kind + " " + name + " " + Arrays.toString(shape));
            }
        }
    }

    /** The shape of a float tensor port whose first dimension, the batch, is free (-1). */
    private static long[] tensorShape(String kind, String name, Map<String, NodeInfo> ports) throws IOException {
        NodeInfo port = ports.get(name);
        if (port == null) {
            throw new IOException("the graph has no " + kind + " " + name + " (its " + kind + "s are "
                    + ports.keySet() + ")");
        }
        if (!(port.getInfo() instanceof TensorInfo tensor)) {
            throw new IOException("the graph's " + kind + " " + name + " is not a tensor");
        }
        if (tensor.type != OnnxJavaType.FLOAT) {
            throw new IOException("the graph's " + kind + " " + name + " holds " + tensor.type + " values, not float");
        }
        long[] shape = tensor.getShape();
        if (shape.length == 0 || shape[0] != -1) {
            throw new IOException("the graph's " + kind + " " + name + " " + Arrays.toString(shape) + " has no free "
                    + BATCH + " dimension first; fpa runs any number of samples at once");
        }
        return shape;
    }
}
