package dev.fpa.cli;

import dev.fpa.trainer.data.DatasetOptions;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** How a dataset is read and preprocessed for viewing: its size, channels and source options. */
final class DataOptions {
    @Option(names = "--size", defaultValue = "32", paramLabel = "S",
            description = "Side of the square images after preprocessing (default: ${DEFAULT-VALUE}).")
    int size;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    ChannelChoice channels = new ChannelChoice();

    @Mixin
    DataSourceOptions source = new DataSourceOptions();

    /** --greyscale and --transparent, which exclude each other. */
    static final class ChannelChoice {
        @Option(names = "--greyscale", description = "One grey channel (automatic for IDX data).")
        boolean greyscale;

        @Option(names = "--transparent", description = "Four channels, RGBA.")
        boolean transparent;
    }

    DatasetOptions toOptions(Path data) throws IOException {
        return source.toOptions(size, channels(data));
    }

    private int channels(Path data) throws IOException {
        if (channels.transparent) {
            return 4;
        }
        return channels.greyscale || source.isIdx(data) ? 1 : 3;
    }
}
