package dev.fpa.cli;

import dev.fpa.trainer.data.DatasetOptions;
import dev.fpa.trainer.data.IdxImageSource;
import dev.fpa.trainer.data.ImageFit;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** How a dataset is read and preprocessed; shared by every command that reads training images. */
final class DataOptions {
    @Option(names = "--size", defaultValue = "32", paramLabel = "S",
            description = "Side of the square images after preprocessing (default: ${DEFAULT-VALUE}).")
    int size;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    ChannelChoice channels = new ChannelChoice();

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

    /** --greyscale and --transparent, which exclude each other. */
    static final class ChannelChoice {
        @Option(names = "--greyscale", description = "One grey channel (automatic for IDX data).")
        boolean greyscale;

        @Option(names = "--transparent", description = "Four channels, RGBA.")
        boolean transparent;
    }

    DatasetOptions toOptions(Path data) throws IOException {
        Path cache = noCache ? null : cacheDir != null ? cacheDir : DatasetOptions.defaultCacheDir();
        return new DatasetOptions(size, channels(data), fit, split, cache);
    }

    private int channels(Path data) throws IOException {
        if (channels.transparent) {
            return 4;
        }
        return channels.greyscale || IdxImageSource.accepts(data, split) ? 1 : 3;
    }
}
