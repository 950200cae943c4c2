package dev.fpa.cli;

import dev.fpa.runtime.generate.Painter;
import dev.fpa.runtime.image.ImageFileFormat;
import dev.fpa.runtime.image.SkippedFile;
import dev.fpa.runtime.generate.SeedRange;
import dev.fpa.runtime.metrics.GeneratedImageStream;
import dev.fpa.runtime.metrics.ImageFolderStream;
import dev.fpa.runtime.metrics.ImageStream;
import dev.fpa.runtime.metrics.SavedImageRoundTrip;
import dev.fpa.trainer.data.DatasetLoader;
import dev.fpa.trainer.data.PreparedDataset;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The images a metric is computed on: a folder, an IDX/image dataset prepared as for training, or a generator's
 * samples for seeds {@code --seed … --seed+N−1}. Shared by {@code fpa stats} and {@code fpa fid}.
 */
final class ImageSetOptions {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--images", paramLabel = "DIR",
                description = "A folder of PNG/JPEG images (sub-folders included), each fed at its own size.")
        Path images;

        @Option(names = "--data", paramLabel = "DATA",
                description = "A training dataset (IDX folder or image folder) prepared exactly as 'fpa train' "
                        + "prepares it (--size, --fit, --split).")
        Path data;

        @Option(names = "--model", paramLabel = "MODEL",
                description = "A generator (ONNX file, URL or zoo:NAME): --num samples, one per seed.")
        String model;
    }

    @Option(names = "--num", converter = Counts.Positive.class, defaultValue = "10000", paramLabel = "N",
            description = "With --model: how many images to generate (default: ${DEFAULT-VALUE}).")
    int num;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S",
            description = "With --model: the first sample's seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--size", defaultValue = "32", paramLabel = "S",
            description = "With --data: the side the dataset is prepared at (default: ${DEFAULT-VALUE}).")
    int size;

    @Mixin
    DataSourceOptions dataSource = new DataSourceOptions();

    @Mixin
    DeviceOptions device;

    /**
     * An open set of images with what describes it in a statistics file; {@code skipped} lists the files passed over
     * so far (a folder finds bad files as it reads them, so ask after reading).
     */
    record ImageSet(ImageStream stream, String name, int imageSize, String resize, AutoCloseable resource,
            Supplier<List<SkippedFile>> skipped) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            if (resource != null) {
                resource.close();
            }
        }
    }

    /** Opens the chosen images; generated ones are saved (in memory) as {@code format} before extraction. */
    ImageSet open(ImageFileFormat format, int batchSize, PrintWriter err) throws IOException {
        if (source.images != null) {
            ImageFolderStream folder = ImageFolderStream.open(source.images, dataSource.pixels.limit());
            return new ImageSet(folder, name(source.images), 0, "none", null, folder::skipped);
        }
        if (source.data != null) {
            PreparedDataset data = DatasetLoader.load(source.data, dataSource.toOptions(size,
                    dataSource.isIdx(source.data) ? 1 : 3), new ConsoleProgress());
            Warnings.skippedFiles(err, data.skipped());
            return new ImageSet(new PreparedDatasetStream(data), name(source.data) + "-" + dataSource.split, size,
                    dataSource.fit == null ? "default" : dataSource.fit.name().toLowerCase(Locale.ROOT), null,
                            List::of);
        }
        SeedRange seeds = new SeedRange(seed, num);
        Painter painter = device.open(source.model, batchSize, err);
        return new ImageSet(new GeneratedImageStream(painter, seeds, new SavedImageRoundTrip(format)),
                painter.description().modelType() + "-" + name(Path.of(source.model.replace(':', '-'))),
                painter.description().imageSize(), "none", painter, List::of);
    }

    private static String name(Path p) {
        Path file = p.toAbsolutePath().normalize().getFileName();
        return file == null ? "images" : file.toString().replaceFirst("\\.onnx$", "");
    }
}
