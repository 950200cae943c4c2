package dev.fpa.cli;

import dev.fpa.runtime.metrics.OnnxFeatureExtractor;
import java.io.IOException;
import picocli.CommandLine.Option;

/** The feature extractor of a metric and how it is fed; shared by fpa stats and fpa fid. */
final class FeatureOptions {
    @Option(names = "--features", required = true, paramLabel = "MODEL",
            description = "The feature extractor: an ONNX file from 'fpa fid-model' (Inception, for FID as the "
                    + "papers report it) or 'fpa train-features', a URL, or a zoo name such as zoo:fmnist-features.")
    String features;

    @Option(names = "--batch-size", converter = Counts.Positive.class, defaultValue = "100", paramLabel = "B",
            description = "Images per extractor call, and per generator call (default: ${DEFAULT-VALUE}).")
    int batchSize;

    OnnxFeatureExtractor open(ParallelOptions parallel) throws IOException {
        return OnnxFeatureExtractor.open(features, parallel.threads, parallel.workerCount());
    }

    /** The extractor's short name for statistics files: the file name without .onnx, or the zoo name. */
    String name() {
        String n = features.replaceFirst("^zoo:", "");
        return n.substring(n.lastIndexOf('/') + 1).replaceFirst("\\.onnx$", "");
    }
}
