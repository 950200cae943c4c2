package dev.fpa.trainer.data;

import dev.fpa.runtime.image.ImageData;
import dev.fpa.runtime.image.PixelLimit;
import java.nio.file.Path;

/**
 * How to prepare a dataset.
 *
 * @param size       side of the square training images
 * @param channels   1 (grey), 3 (RGB) or 4 (RGBA)
 * @param fit        how raw images become squares; null chooses {@link ImageFit#defaultFor}
 * @param split      for IDX folders: "train" or "t10k"
 * @param cacheDir   where preprocessed datasets are kept; null disables the cache
 * @param pixelLimit images of more pixels are skipped, read from their headers
 */
public record DatasetOptions(int size, int channels, ImageFit fit, String split, Path cacheDir,
                             PixelLimit pixelLimit) {
    public DatasetOptions {
        if (size < 4) {
            throw new IllegalArgumentException("image size must be at least 4, got " + size);
        }
        ImageData.checkChannels(channels);
        if (pixelLimit == null) {
            throw new IllegalArgumentException("a pixel limit is needed (PixelLimit.DEFAULT)");
        }
    }

    /** With {@link PixelLimit#DEFAULT}. */
    public DatasetOptions(int size, int channels, ImageFit fit, String split, Path cacheDir) {
        this(size, channels, fit, split, cacheDir, PixelLimit.DEFAULT);
    }

    /** ~/.cache/fpa/datasets, or $XDG_CACHE_HOME/fpa/datasets. */
    public static Path defaultCacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("fpa").resolve("datasets");
    }
}
