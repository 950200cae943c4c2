package dev.fpa.runtime.metrics;

import dev.fpa.runtime.image.ImageFileFormat;

/**
 * What produced a set of feature statistics, stored with them so that a later comparison can refuse statistics
 * from another extractor and can push generated images through the same path as the reference images.
 *
 * @param dataset         the reference set's name, e.g. {@code fashion-mnist}
 * @param extractor       the feature extractor's name, e.g. {@code inception-fid}
 * @param extractorSha256 the SHA-256 of the extractor model file
 * @param imageSize       the side of the square images given to the extractor
 * @param resize          how the source images were brought to that size, e.g. {@code crop} or {@code pad}
 * @param imageFormat     the format the reference images were stored in; JPEG changes pixels, so generated
 *                        images must be JPEG-encoded too (DESIGN.md §8)
 */
public record StatisticsProvenance(String dataset, String extractor, String extractorSha256, int imageSize,
                                   String resize, ImageFileFormat imageFormat) {
}
