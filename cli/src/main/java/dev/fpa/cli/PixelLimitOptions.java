package dev.fpa.cli;

import dev.fpa.runtime.image.PixelLimit;
import picocli.CommandLine.Option;

/** The largest image a command decodes; shared by every command that reads image files. */
final class PixelLimitOptions {
    @Option(names = "--max-pixels", converter = Counts.Positive.class, paramLabel = "MEGAPIXELS",
            description = "Refuse (in folders: skip with a warning) images larger than this many megapixels, "
                    + "measured from the file's header before decoding (default: 64).")
    Integer megapixels;

    PixelLimit limit() {
        return megapixels == null ? PixelLimit.DEFAULT : PixelLimit.megapixels(megapixels);
    }
}
