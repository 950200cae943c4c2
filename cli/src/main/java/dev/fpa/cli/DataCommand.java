package dev.fpa.cli;

import dev.fpa.runtime.image.ImageEncoder;
import dev.fpa.runtime.image.ImageGrid;
import dev.fpa.trainer.data.DatasetInspector;
import dev.fpa.trainer.data.DatasetLoader;
import dev.fpa.trainer.data.PreparedDataset;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import java.util.Arrays;

/** {@code fpa data}: look at a dataset before training on it. */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Inspect a dataset: an image folder (.png/.jpg/.jpeg, recursive) or an IDX folder/file "
                + "such as /usr/share/datasets/fashion-mnist.")
final class DataCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Counts, sizes and channel layouts of the raw images, and the files that cannot be read. */
    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Print the image count, the raw image sizes and channel layouts, and unreadable files.")
    static final class Info implements Callable<Integer> {
        @Parameters(paramLabel = "PATH", description = "Image folder, IDX folder or IDX file.")
        Path path;

        @Option(names = "--split", defaultValue = "train", paramLabel = "train|t10k",
                description = "Which IDX file of a Fashion-MNIST/MNIST folder to read (default: ${DEFAULT-VALUE}).")
        String split;

        @Mixin
        PixelLimitOptions pixels = new PixelLimitOptions();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            DatasetInspector.Summary s = DatasetInspector.inspect(DatasetLoader.openSource(path, split, pixels.limit()),
                    new ConsoleProgress());
            PrintWriter out = spec.commandLine().getOut();
            out.printf("source:   %s%n", s.source());
            out.printf("images:   %d readable of %d%n", s.readable(), s.total());
            out.printf("sizes:    %s%n", join(s.sizes()));
            out.printf("channels: %s%n", join(s.modes()));
            out.printf("skipped:  %d%n", s.skipped().size());
            s.skipped().stream().limit(20).forEach(f -> out.printf("  %s: %s%n", f.source(), f.reason()));
            if (s.skipped().size() > 20) {
                out.printf("  ... and %d more%n", s.skipped().size() - 20);
            }
            out.flush();
            return 0;
        }

        private static String join(Map<String, Integer> counts) {
            StringBuilder b = new StringBuilder();
            counts.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append(" (").append(v)
                    .append(')'));
            return b.toString();
        }
    }

    /** A grid of preprocessed samples, exactly what training would see. */
    @Command(name = "preview", mixinStandardHelpOptions = true,
            description = "Write a grid of randomly chosen preprocessed images (what training sees) as PNG.")
    static final class Preview implements Callable<Integer> {
        @Parameters(paramLabel = "PATH", description = "Image folder, IDX folder or IDX file.")
        Path path;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "The PNG file to write.")
        Path out;

        @Option(names = "--num", converter = Counts.Positive.class, defaultValue = "64", description = "Number of "
                + "images (default: ${DEFAULT-VALUE}).")
        int num;

        @Option(names = "--nrow", converter = Counts.Positive.class, description = "Images per grid row (default: "
                + "the square root of --num).")
        Integer nrow;

        @Option(names = "--seed", defaultValue = "0", description = "Seed of the random choice (default: "
                + "${DEFAULT-VALUE}).")
        long seed;

        @Mixin
        DataOptions data;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            OutputGuard.of(spec).file("--out", out).check();
            PreparedDataset d = DatasetLoader.load(path, data.toOptions(path), new ConsoleProgress());
            Warnings.skippedFiles(spec.commandLine().getErr(), d.skipped());
            int n = Math.min(num, d.count());
            int perRow = nrow != null ? nrow : (int) Math.ceil(Math.sqrt(n));
            ImageGrid.checkFits(n, d.size(), d.size(), perRow, ImageGrid.PADDING);
            int[] pick = sample(d.count(), n, seed);
            int s = d.size();
            float[] batch = new float[n * d.channels() * s * s];
            d.batch(pick, null, batch);
            ImageEncoder.writePng(out, ImageGrid.tile(batch, n, d.channels(), s, s, perRow, ImageGrid.PADDING, 0f));
            spec.commandLine().getOut().printf("wrote %s: %d of %d images, %dx%d, %d channel(s)%n", out, n, d.count(),
                    s, s, d.channels());
            return 0;
        }

        /** n distinct indices below count, in a seeded random order (partial Fisher–Yates). */
        private static int[] sample(int count, int n, long seed) {
            int[] idx = new int[count];
            for (int i = 0; i < count; i++) {
                idx[i] = i;
            }
            Random r = new Random(seed);
            for (int i = 0; i < n; i++) {
                int j = i + r.nextInt(count - i);
                int t = idx[i];
                idx[i] = idx[j];
                idx[j] = t;
            }
            return Arrays.copyOf(idx, n);
        }
    }
}
