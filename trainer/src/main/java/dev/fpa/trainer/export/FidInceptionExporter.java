package dev.fpa.trainer.export;

import static dev.fpa.trainer.export.OnnxGraph.BATCH;
import static dev.fpa.trainer.export.OnnxGraph.attr;
import static dev.fpa.trainer.export.OnnxGraph.ints;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.fpa.runtime.array.NdArray;
import dev.fpa.runtime.io.Sha256;
import dev.fpa.runtime.metrics.FeatureModelMetadata;
import dev.fpa.trainer.imports.TorchCheckpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * pytorch-fid's FID feature network ({@code InceptionV3([3])} of mseitzer/pytorch-fid 0.3.0: FID-Inception-v3 up
 * to pool3, with {@code resize_input} and {@code normalize_input}) as one ONNX graph (opset 17), built from the
 * user's {@code pt_inception-2015-12-05-6726825d.pth} state dict; nothing is downloaded.
 *
 * <p>Input {@code images} (N, 3, H, W) in [0,1], any H and W; output {@code pool3} (N, 2048). The graph starts
 * as pytorch-fid's forward does: a bilinear resize to 299×299 in [0,1] (F.interpolate with
 * align_corners=False, no antialias: ONNX Resize linear/half_pixel, which is the identity on 299×299 input), then
 * 2x−1. Its {@link FeatureModelMetadata} says 299, [0,1], bilinear, 2048, so the runtime's extractor brings each
 * image to 299×299 with the same interpolation before feeding it; other ONNX users may feed any size.
 */
public final class FidInceptionExporter {
    /** pytorch-fid's resize target and the pool3 width. */
    public static final int INPUT_SIZE = 299;
    public static final int DIM = 2048;
    public static final String INPUT = "images";
    public static final String OUTPUT = "pool3";
    /** What the network is, recorded in the metadata next to the source's checksum. */
    public static final String NETWORK = "pytorch-fid 0.3.0 FID-Inception-v3 pool3";
    public static final String NETWORK_KEY = "fpa.feature.network";
    public static final String SOURCE_KEY = "fpa.feature.source";
    public static final String SOURCE_SHA256_KEY = "fpa.feature.source_sha256";
    public static final String PRODUCER_VERSION_KEY = "producer_version";

    private FidInceptionExporter() {
    }

    /** Reads a torch.save state dict (legacy or zip format) and builds the network from it. */
    public static ModelProto export(Path weights, String producerVersion) throws IOException {
        Map<String, NdArray> stateDict = TorchCheckpoint.read(weights).stateDict();
        try {
            return export(stateDict, weights.getFileName().toString(), Sha256.ofFile(weights), producerVersion);
        } catch (IllegalArgumentException e) {
            throw new IOException(weights + ": " + e.getMessage(), e);
        }
    }

    /**
     * Builds the network from a state dict with fid_inception_v3's keys; extra keys ({@code fc.*},
     * {@code num_batches_tracked}) are ignored.
     *
     * @throws IllegalArgumentException naming the missing and mis-shaped tensors, when the dict is not one
     */
    public static ModelProto export(Map<String, NdArray> stateDict, String sourceName, String sourceSha256,
                                    String producerVersion) {
        InceptionWeights w = new InceptionWeights(stateDict);
        OnnxGraph g = new OnnxGraph("fid_inception_v3");
        String x = preprocess(g, g.input(INPUT, BATCH, 3, "H", "W"));
        String pool3 = network(g, w, x);
        List<String> problems = w.problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("not pytorch-fid's FID Inception weights (pt_inception-2015-12-05"
                    + "-6726825d.pth): " + String.join("; ", problems));
        }
        g.output(pool3, OUTPUT, BATCH, DIM);
        return OnnxExporter.model(g.build(), NETWORK + " features for FID: " + INPUT + " (N, 3, H, W) in [0,1] → "
                + OUTPUT + " (N, " + DIM + "); resized to " + INPUT_SIZE + "x" + INPUT_SIZE + " inside",
                producerVersion, metadata(sourceName, sourceSha256, producerVersion));
    }

    /** The feature-model contract the runtime reads, then where the weights came from. */
    static Map<String, String> metadata(String sourceName, String sourceSha256, String producerVersion) {
        Map<String, String> props = new LinkedHashMap<>(new FeatureModelMetadata(INPUT_SIZE, 0, 1,
                FeatureModelMetadata.Resize.BILINEAR, DIM).toProps());
        props.put(NETWORK_KEY, NETWORK);
        props.put(SOURCE_KEY, sourceName);
        props.put(SOURCE_SHA256_KEY, sourceSha256);
        props.put(PRODUCER_VERSION_KEY, producerVersion);
        return props;
    }

    /** F.interpolate(x, (299, 299), bilinear, align_corners=False) on [0,1], then 2x − 1, in pytorch-fid's order. */
    private static String preprocess(OnnxGraph g, String images) {
        try (OnnxGraph.Scope s = g.scope("preprocess")) {
            // Resize takes the full output shape in opset 17: the input's (N, C) followed by 299×299.
            String batchAndChannels = g.op("Slice", g.op("Shape", images), g.longs(0), g.longs(2));
            String sizes = g.op("Concat", List.of(attr("axis", 0)), batchAndChannels,
                    g.longs(INPUT_SIZE, INPUT_SIZE));
            String resized = g.op("Resize", List.of(attr("mode", "linear"),
                    attr("coordinate_transformation_mode", "half_pixel")), images, "", "", sizes);
            return g.op("Sub", g.op("Mul", resized, g.scalar(2)), g.scalar(1));
        }
    }

    /** pytorch-fid's blocks 0–3: stem, Mixed_5b … Mixed_7c, then the global average (pool3). */
    private static String network(OnnxGraph g, InceptionWeights w, String x) {
        x = BasicConvEmitter.valid(g, w, "Conv2d_1a_3x3", x, 3, 32, 3, 2);
        x = BasicConvEmitter.valid(g, w, "Conv2d_2a_3x3", x, 32, 32, 3, 1);
        x = BasicConvEmitter.same(g, w, "Conv2d_2b_3x3", x, 32, 64, 3, 3);
        x = stemPool(g, "maxpool1", x);
        x = BasicConvEmitter.same(g, w, "Conv2d_3b_1x1", x, 64, 80, 1, 1);
        x = BasicConvEmitter.valid(g, w, "Conv2d_4a_3x3", x, 80, 192, 3, 1);
        x = stemPool(g, "maxpool2", x);
        x = InceptionBlockEmitter.a(g, w, "Mixed_5b", x, 192, 32);
        x = InceptionBlockEmitter.a(g, w, "Mixed_5c", x, 256, 64);
        x = InceptionBlockEmitter.a(g, w, "Mixed_5d", x, 288, 64);
        x = InceptionBlockEmitter.b(g, w, "Mixed_6a", x, 288);
        x = InceptionBlockEmitter.c(g, w, "Mixed_6b", x, 768, 128);
        x = InceptionBlockEmitter.c(g, w, "Mixed_6c", x, 768, 160);
        x = InceptionBlockEmitter.c(g, w, "Mixed_6d", x, 768, 160);
        x = InceptionBlockEmitter.c(g, w, "Mixed_6e", x, 768, 192);
        x = InceptionBlockEmitter.d(g, w, "Mixed_7a", x, 768);
        x = InceptionBlockEmitter.e(g, w, "Mixed_7b", x, 1280, false);
        x = InceptionBlockEmitter.e(g, w, "Mixed_7c", x, DIM, true);
        try (OnnxGraph.Scope s = g.scope("pool3")) {
            return g.op("Flatten", List.of(attr("axis", 1)), g.op("GlobalAveragePool", x));
        }
    }

    /** The 3×3, stride-2 max-pools that end blocks 0 and 1. */
    private static String stemPool(OnnxGraph g, String name, String x) {
        try (OnnxGraph.Scope s = g.scope(name)) {
            return g.op("MaxPool", List.of(ints("kernel_shape", 3, 3), ints("strides", 2, 2)), x);
        }
    }
}
