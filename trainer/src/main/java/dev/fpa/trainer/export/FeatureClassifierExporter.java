package dev.fpa.trainer.export;

import static dev.fpa.trainer.export.OnnxGraph.BATCH;
import static dev.fpa.trainer.export.OnnxGraph.ints;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.fpa.runtime.metrics.FeatureModelMetadata;
import dev.fpa.trainer.model.FeatureClassifier;
import dev.fpa.trainer.model.layers.TorchConv2d;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Exports a trained {@link FeatureClassifier} as a feature extractor the runtime opens like any other: output 0 is
 * {@code features} (N, d), the penultimate layer; output 1 is {@code logits}, so its accuracy can be re-measured
 * from the ONNX file alone.
 */
public final class FeatureClassifierExporter {
    public static final String INPUT = "images";
    public static final String FEATURES = "features";
    public static final String LOGITS = "logits";
    /** Metadata: the classifier's accuracy on the held-out split, and what it was trained on. */
    public static final String TEST_ACCURACY = "fpa.feature.test_accuracy";
    public static final String TRAINED_ON = "fpa.feature.trained_on";

    private FeatureClassifierExporter() {
    }

    public static ModelProto export(FeatureClassifier net, double testAccuracy, String trainedOn,
                                    String producerVersion) {
        int side = net.imageSize();
        OnnxGraph g = new OnnxGraph("feature_classifier");
        String x = g.input(INPUT, BATCH, net.channels(), side, side);
        List<TorchConv2d> convs = net.convolutions();
        for (int i = 0; i < convs.size(); i++) {
            try (OnnxGraph.Scope s = g.scope("conv" + i)) {
                x = g.op("MaxPool", List.of(ints("kernel_shape", 2, 2), ints("strides", 2, 2)),
                        g.op("Relu", ConvEmitter.conv(g, convs.get(i), x)));
            }
        }
        String features = g.op("Relu", LinearEmitter.linear(g, net, "features", g.op("Flatten", x)));
        // Outputs are declared after every node exists: declaring one renames its value in the nodes so far.
        String logits = LinearEmitter.linear(g, net, "head", features);
        g.output(features, FEATURES, BATCH, net.featureDim());
        g.output(logits, LOGITS, BATCH, net.classes());
        Map<String, String> metadata = new LinkedHashMap<>(new FeatureModelMetadata(side, 0, 1,
                FeatureModelMetadata.Resize.BILINEAR, net.featureDim()).toProps());
        metadata.put(TEST_ACCURACY, String.format(Locale.ROOT, "%.4f", testAccuracy));
        metadata.put(TRAINED_ON, trainedOn);
        return OnnxExporter.model(g.build(), "fpa feature extractor: the penultimate layer of a " + side + "x" + side
                + " classifier (test accuracy " + String.format(Locale.ROOT, "%.4f", testAccuracy) + ")",
                producerVersion, metadata);
    }
}
