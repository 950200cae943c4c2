package dev.fpa.cli;

import dev.fpa.trainer.data.DatasetOptions;
import dev.fpa.trainer.data.IdxImageSource;
import dev.fpa.trainer.data.ImageFit;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** How a dataset is read and cached, whatever size and channels it is prepared at; shared by data and train. */
final class DataSourceOptions {
    @Option(names = "--fit", paramLabel = "crop|pad",
            description = "crop: the official resize of the shorter side and centre crop; pad: centre small images "
                    + "on black without resampling. Default: pad for IDX images that fit, crop otherwise.")
    ImageFit fit;

    @Option(names = "--split", defaultValue = "train", paramLabel = "train|t10k",
            description = "Which IDX file of a Fashion-MNIST/MNIST folder to read (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Where preprocessed datasets are kept (default: $XDG_CACHE_HOME/fpa/datasets or "
                    + "~/.cache/fpa/datasets).")
    Path cacheDir;

    @Option(names = "--no-cache", description = "Neither read nor write the preprocessed-dataset cache.")
    boolean noCache;

    @Mixin
    PixelLimitOptions pixels = new PixelLimitOptions();

    DatasetOptions toOptions(int size, int channels) {
        Path cache = noCache ? null : cacheDir != null ? cacheDir : DatasetOptions.defaultCacheDir();
        return new DatasetOptions(size, channels, fit, split, cache, pixels.limit());
    }

    /** Whether the data is Fashion-MNIST/MNIST IDX (grey). */
    boolean isIdx(Path data) throws IOException {
        return IdxImageSource.accepts(data, split);
    }
}
