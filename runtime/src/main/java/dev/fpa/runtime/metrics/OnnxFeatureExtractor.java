package dev.fpa.runtime.metrics;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.fpa.runtime.generate.OnnxSession;
import dev.fpa.runtime.io.Sha256;
import dev.fpa.runtime.parallel.SubBatches;
import dev.fpa.runtime.zoo.ModelReference;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * A feature extractor on ONNX Runtime: any ONNX model with one NCHW float input (dynamic batch, fixed channels)
 * and one output of {@code dim} features per image, whose {@code metadata_props} state its input contract
 * (see {@link FeatureModelMetadata}):
 * {@code fpa.feature.input_size} (e.g. 299), {@code fpa.feature.value_range} ({@code 0,1} or {@code -1,1}),
 * {@code fpa.feature.resize} ({@code bilinear} or {@code none}) and {@code fpa.feature.dim} (e.g. 2048).
 * A model without them is refused when opened.
 *
 * <p>Images go through pytorch-fid's steps in its order: conversion to the model's channels (grey repeated,
 * alpha dropped), the resize in [0,1], then the linear map to the value range.
 */
public final class OnnxFeatureExtractor implements FeatureExtractor {
    /** Images per part below which a batch is not split across workers; measured with {@code fpa bench fid}. */
    static final int MIN_PART = 8;

    private final String model;
    private final String sha256;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final String inputName;
    private final int channels;
    private final FeatureModelMetadata metadata;
    private final SubBatches parts;

    private OnnxFeatureExtractor(String model, String sha256, OrtEnvironment environment, OrtSession session,
                                 String inputName, int channels, FeatureModelMetadata metadata, int workers) {
        this.model = model;
        this.sha256 = sha256;
        this.environment = environment;
        this.session = session;
        this.inputName = inputName;
        this.channels = channels;
        this.metadata = metadata;
        this.parts = new SubBatches(workers, MIN_PART);
    }

    /**
     * Opens a feature model named by a path, a URL or a zoo name ({@code zoo:NAME}); {@code threads} ≤ 0 leaves
     * ONNX Runtime's default thread count.
     */
    public static OnnxFeatureExtractor open(String reference, int threads) throws IOException {
        return open(reference, threads, 1);
    }

    /**
     * The same with {@code workers} parts of every batch extracted at once, each with one ONNX Runtime thread
     * per operator unless {@code threads} says otherwise.
     */
    public static OnnxFeatureExtractor open(String reference, int threads, int workers) throws IOException {
        ModelReference model = ModelReference.read(reference);
        return open(model.bytes(), model.origin(), threads, workers);
    }

    public static OnnxFeatureExtractor open(Path model, int threads) throws IOException {
        return open(model.toString(), threads);
    }

    /** A feature model from its bytes, one worker; {@code model} names it in error messages. */
    public static OnnxFeatureExtractor open(byte[] bytes, String model, int threads) throws IOException {
        return open(bytes, model, threads, 1);
    }

    private static OnnxFeatureExtractor open(byte[] bytes, String model, int requestedThreads, int workers)
            throws IOException {
        if (workers < 1) {
            throw new IllegalArgumentException("a feature extractor needs at least one worker");
        }
        int threads = requestedThreads <= 0 && workers > 1 ? 1 : requestedThreads;
        OrtEnvironment environment = OnnxSession.environment();
        OrtSession session;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            if (threads > 0) {
                options.setIntraOpNumThreads(threads);
            }
            session = environment.createSession(bytes, options);
        } catch (OrtException e) {
            throw new IOException(model + ": not a usable ONNX model (" + e.getMessage() + ")", e);
        }
        try {
            FeatureModelMetadata metadata = FeatureModelMetadata.parse(
                    session.getMetadata().getCustomMetadata(), model);
            if (session.getNumInputs() != 1) {
                throw new IllegalArgumentException(model + ": a feature model has one input, found "
                        + session.getNumInputs());
            }
            Map.Entry<String, NodeInfo> input = session.getInputInfo().entrySet().iterator().next();
            long[] shape = input.getValue().getInfo() instanceof TensorInfo t ? t.getShape() : new long[0];
            if (shape.length != 4 || shape[1] <= 0) {
                throw new IllegalArgumentException(model + ": a feature model's input is NCHW with a fixed channel"
                        + " count, found shape " + Arrays.toString(shape));
            }
            return new OnnxFeatureExtractor(model, Sha256.of(bytes), environment, session, input.getKey(),
                    (int) shape[1], metadata, workers);
        } catch (OrtException e) {
            closeQuietly(session);
            throw new IOException(model + ": cannot read the model's inputs (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
    }

    public FeatureModelMetadata metadata() {
        return metadata;
    }

    /** The channels the model takes; grey and RGBA images are converted to RGB for a 3-channel model. */
    public int channels() {
        return channels;
    }

    @Override
    public int dim() {
        return metadata.dim();
    }

    @Override
    public String sha256() {
        return sha256;
    }

    /** How many parts a batch of {@code n} images is extracted in at once. */
    public int partsPerBatch(int n) {
        return parts.parts(n);
    }

    @Override
    public float[] extract(ImageBatch images) {
        float[] features = new float[Math.multiplyExact(images.count(), dim())];
        parts.run(images.count(), (index, start, n) -> {
            float[] part = extractWhole(images.slice(start, n));
            System.arraycopy(part, 0, features, start * dim(), part.length);
        });
        return features;
    }

    private float[] extractWhole(ImageBatch images) {
        ImageBatch x = images.withChannels(channels);
        int side = metadata.inputSize();
        if (x.height() != side || x.width() != side) {
            if (metadata.resize() == FeatureModelMetadata.Resize.NONE) {
                throw new IllegalArgumentException(model + " takes " + side + "x" + side + " images and does not"
                        + " resize, got " + x.width() + "x" + x.height());
            }
            x = BilinearResize.apply(x, side, side);
        }
        float[] input = new float[x.pixels().length];
        for (int i = 0; i < input.length; i++) {
            input[i] = metadata.scale(x.pixels()[i]);
        }
        long[] shape = {x.count(), channels, side, side};
        try (OnnxTensor tensor = OnnxTensor.createTensor(environment, FloatBuffer.wrap(input), shape);
             OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
            OnnxTensor output = (OnnxTensor) result.get(0);
            long[] outShape = output.getInfo().getShape();
            if (Arrays.stream(outShape).reduce(1, Math::multiplyExact) != (long) x.count() * dim()) {
                throw new IllegalStateException(model + ": output of shape " + Arrays.toString(outShape)
                        + " is not " + x.count() + " vectors of " + dim() + " features");
            }
            float[] features = new float[x.count() * dim()];
            output.getFloatBuffer().get(features);
            return features;
        } catch (OrtException e) {
            throw new IllegalStateException(model + ": inference failed (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public void close() {
        parts.close();
        closeQuietly(session);
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException e) {
            // nothing is left to release that a caller could act on
        }
    }
}
