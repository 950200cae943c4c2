/**
 * Image-quality metrics: feature extraction on ONNX Runtime, streaming feature statistics, statistics files,
 * the Fréchet distance (FID) and the kernel distance (KID).
 *
 * <p>The flow: images (real files, or generated batches after {@link dev.fpa.runtime.metrics.SavedImageRoundTrip})
 * → {@link dev.fpa.runtime.metrics.FeatureExtractor} → {@link dev.fpa.runtime.metrics.FeatureStatistics}
 * → {@link dev.fpa.runtime.metrics.StatisticsFile} (computed once, reused) → {@link
 * dev.fpa.runtime.metrics.FrechetDistance}; KID needs the feature vectors themselves.
 */
package dev.fpa.runtime.metrics;
