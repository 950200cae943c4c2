package dev.fpa.runtime.generate;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.fpa.runtime.parallel.LargeStack;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One ONNX Runtime session on a chosen device, with all graph optimisations. {@link #run} is thread-safe: ONNX
 * Runtime allows concurrent runs of one session, and each call makes and frees its own tensors.
 */
public final class OnnxSession implements AutoCloseable {
    /** Input arrays: row-major values and their shape. */
    public record Tensor(float[] values, long[] shape) {
    }

    private final OrtEnvironment env;
    private final OrtSession session;
    private final Device device;
    private final Optional<String> fallback;

    private OnnxSession(OrtEnvironment env, OrtSession session, Device device, Optional<String> fallback) {
        this.env = env;
        this.session = session;
        this.device = device;
        this.fallback = fallback;
    }

    /**
     * @param model          the ONNX file's bytes
     * @param intraOpThreads threads for one operator; 0 lets ONNX Runtime choose (one per physical core)
     */
    public static OnnxSession open(byte[] model, Device device, int intraOpThreads) throws IOException {
        OrtEnvironment env = environment();
        boolean cudaBuilt = OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
        try {
            switch (device.kind()) {
                case CPU:
                    return new OnnxSession(env, create(env, model, null, intraOpThreads), Device.CPU, Optional.empty());
                case CUDA:
                    if (!cudaBuilt) {
                        throw new IOException("device " + device + ": this ONNX Runtime has no CUDA execution provider "
                                + "(build fpa with -Pgpu)");
                    }
                    return new OnnxSession(env, create(env, model, device, intraOpThreads), device, Optional.empty());
                default:
                    if (!cudaBuilt) {
                        // a CPU build running on the CPU is what its user chose: nothing to report
                        return new OnnxSession(env, create(env, model, null, intraOpThreads), Device.CPU,
                                Optional.empty());
                    }
                    Device gpu = new Device(Device.Kind.CUDA, 0);
                    try {
                        return new OnnxSession(env, create(env, model, gpu, intraOpThreads), gpu, Optional.empty());
                    } catch (OrtException e) {
                        return new OnnxSession(env, create(env, model, null, intraOpThreads), Device.CPU,
                                Optional.of("device auto: running on the CPU (CUDA unavailable: "
                                        + firstLine(e.getMessage()) + ")"));
                    }
            }
        } catch (OrtException e) {
            throw new IOException("cannot load the model on " + device + ": " + firstLine(e.getMessage()), e);
        }
    }

    private static OrtSession create(OrtEnvironment env, byte[] model, Device gpu, int intraOpThreads)
            throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (intraOpThreads > 0) {
                options.setIntraOpNumThreads(intraOpThreads);
            }
            if (gpu != null) {
                options.addCUDA(gpu.gpu());
            }
            return env.createSession(model, options);
        }
    }

    /**
     * ONNX Runtime's process-wide environment, created on a large stack: at creation, ONNX Runtime matches regular
     * expressions against the process's command line for its telemetry, and the recursion of GCC's regex engine
     * grows with that line's length. A 7 kB class path overflowed the default 1 MB Java stack (a segmentation
     * fault, no Java error); a 67 kB one overflowed 4 MB. Known elsewhere (vespa-engine/vespa#37786, whose fix, the
     * variable ORT_DISABLE_TELEMETRY, must be set before the JVM starts and so cannot be set by a library).
     */
    public static OrtEnvironment environment() {
        return Environment.INSTANCE;
    }

    /** Created on first use. */
    private static final class Environment {
        static final OrtEnvironment INSTANCE = LargeStack.call("fpa-onnx-environment",
                OrtEnvironment::getEnvironment);
    }

    /** The device the session runs on. */
    public Device device() {
        return device;
    }

    /** Why {@code auto} ended up on the CPU although this build could use a GPU: one line for the user. */
    public Optional<String> fallbackNote() {
        return fallback;
    }

    /** The model's custom metadata ({@code metadata_props}). */
    public Map<String, String> metadata() throws IOException {
        try {
            return session.getMetadata().getCustomMetadata();
        } catch (OrtException e) {
            throw new IOException("cannot read the model metadata: " + e.getMessage(), e);
        }
    }

    public Set<String> inputNames() {
        return session.getInputNames();
    }

    public Set<String> outputNames() {
        return session.getOutputNames();
    }

    /** The inputs as the graph declares them: type and shape, -1 for a dynamic dimension. */
    public Map<String, NodeInfo> inputInfo() throws IOException {
        try {
            return session.getInputInfo();
        } catch (OrtException e) {
            throw new IOException("cannot read the model inputs: " + firstLine(e.getMessage()), e);
        }
    }

    /** The outputs as the graph declares them. */
    public Map<String, NodeInfo> outputInfo() throws IOException {
        try {
            return session.getOutputInfo();
        } catch (OrtException e) {
            throw new IOException("cannot read the model outputs: " + firstLine(e.getMessage()), e);
        }
    }

    /** The declared shape of an input; -1 marks a dynamic dimension. */
    public long[] inputShape(String name) throws IOException {
        return tensorShape(inputInfo().get(name), "input " + name);
    }

    /** The declared shape of an output; -1 marks a dynamic dimension. */
    public long[] outputShape(String name) throws IOException {
        return tensorShape(outputInfo().get(name), "output " + name);
    }

    private static long[] tensorShape(NodeInfo info, String what) throws IOException {
        if (info == null || !(info.getInfo() instanceof TensorInfo tensor)) {
            throw new IOException("the model has no tensor " + what);
        }
        return tensor.getShape();
    }

    /** Runs the model on named inputs and returns the requested outputs as row-major float arrays. */
    public Map<String, float[]> run(Map<String, Tensor> inputs, Set<String> outputs) {
        Map<String, OnnxTensor> tensors = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
                tensors.put(e.getKey(), OnnxTensor.createTensor(env, FloatBuffer.wrap(e.getValue().values()),
                        e.getValue().shape()));
            }
            Map<String, float[]> out = new LinkedHashMap<>();
            try (OrtSession.Result result = session.run(tensors, outputs)) {
                for (Map.Entry<String, OnnxValue> e : result) {
                    FloatBuffer buffer = ((OnnxTensor) e.getValue()).getFloatBuffer();
                    float[] values = new float[buffer.remaining()];
                    buffer.get(values);
                    out.put(e.getKey(), values);
                }
            }
            return out;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed: " + firstLine(e.getMessage()), e);
        } finally {
            tensors.values().forEach(OnnxTensor::close);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static String firstLine(String message) {
        return message == null ? "unknown error" : message.lines().findFirst().orElse(message);
    }
}
