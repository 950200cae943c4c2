package dev.fpa.trainer.data;

import dev.fpa.runtime.image.ImageData;
import dev.fpa.runtime.image.PixelLimit;
import dev.fpa.runtime.image.SkippedFile;
import dev.fpa.runtime.io.Sha256;
import dev.fpa.runtime.progress.ProgressListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import java.util.Arrays;

/**
 * Turns an image folder or IDX file into a {@link PreparedDataset}: decodes and preprocesses every image once
 * (in parallel), skips and records unreadable files, and keeps the result in the dataset cache.
 */
public final class DatasetLoader {
    private DatasetLoader() {
    }

    /**
     * An IDX file or folder holding one for the split, else an image folder whose images over {@code limit} will
     * be skipped.
     */
    public static ImageSource openSource(Path path, String split, PixelLimit limit) throws IOException {
        if (!Files.exists(path)) {
            throw new IOException(path + ": no such file or folder");
        }
        if (IdxImageSource.accepts(path, split)) {
            return IdxImageSource.open(path, split);
        }
        if (!Files.isDirectory(path)) {
            throw new IOException(path + ": not an image folder or IDX file");
        }
        return new ImageFolderSource(path, limit);
    }

    public static PreparedDataset load(Path path, DatasetOptions options, ProgressListener progress)
            throws IOException {
        ImageSource source = openSource(path, options.split(), options.pixelLimit());
        if (source.count() == 0) {
            throw new IOException(path + ": no images (.png, .jpg, .jpeg) found"
                    + SkippedFile.note(source.skippedWhileListing()));
        }
        ImageFit fit = options.fit() != null ? options.fit() : defaultFit(source, options.size());
        Path cacheFile = null;
        String fingerprint = null;
        if (options.cacheDir() != null) {
            fingerprint = source.fingerprint();
            cacheFile = options.cacheDir().resolve(cacheName(source, path, options, fit));
            PreparedDataset cached = DatasetCache.read(cacheFile, fingerprint);
            if (cached != null) {
                return cached;
            }
        }
        PreparedDataset prepared = prepare(source, options, fit, progress);
        if (prepared.count() == 0) {
            throw new IOException(path + ": none of the " + source.count() + " images could be read"
                    + SkippedFile.note(prepared.skipped()));
        }
        if (cacheFile != null) {
            DatasetCache.write(cacheFile, fingerprint, prepared);
        }
        return prepared;
    }

    private static ImageFit defaultFit(ImageSource source, int size) throws IOException {
        boolean idx = source instanceof IdxImageSource;
        ImageData first = idx ? source.read(0) : null;
        return ImageFit.defaultFor(idx, first == null ? Integer.MAX_VALUE : Math.max(first.width(), first.height()),
                size);
    }

    private static PreparedDataset prepare(ImageSource source, DatasetOptions options, ImageFit fit,
                                           ProgressListener progress) {
        int n = source.count();
        int c = options.channels();
        int s = options.size();
        int image = c * s * s;
        byte[] data = new byte[Math.multiplyExact(n, image)];
        SkippedFile[] failures = new SkippedFile[n];
        progress.start("preparing " + source.name(), n, "img");
        IntStream.range(0, n).parallel().forEach(i -> {
            try {
                ImageData x = fit.apply(source.read(i), s, c);
                toChw(x, data, i * image);
            } catch (IOException | RuntimeException e) {
                failures[i] = SkippedFile.of(source.describe(i), e);
            }
            progress.advance(1);
        });
        progress.finish();
        List<SkippedFile> skipped = new ArrayList<>(source.skippedWhileListing());
        int kept = 0;
        for (int i = 0; i < n; i++) {
            if (failures[i] != null) {
                skipped.add(failures[i]);
            } else {
                if (kept != i) {
                    System.arraycopy(data, i * image, data, kept * image, image);
                }
                kept++;
            }
        }
        skipped.sort(Comparator.comparing(SkippedFile::source));
        byte[] compact = kept == n ? data : Arrays.copyOf(data, kept * image);
        return new PreparedDataset(kept, c, s, compact, skipped);
    }

    private static void toChw(ImageData x, byte[] out, int offset) {
        int c = x.channels();
        int hw = x.width() * x.height();
        byte[] p = x.pixels();
        for (int i = 0; i < hw; i++) {
            for (int ch = 0; ch < c; ch++) {
                out[offset + ch * hw + i] = p[i * c + ch];
            }
        }
    }

    private static String cacheName(ImageSource source, Path path, DatasetOptions o, ImageFit fit) {
        String where = Sha256.of(path.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
        String safe = source.name().replaceAll("[^A-Za-z0-9._-]", "_");
        return String.format(Locale.ROOT, "%s-%dpx-%dch-%s-%s.fpads", safe, o.size(), o.channels(),
                fit.name().toLowerCase(Locale.ROOT), where.substring(0, 12));
    }
}
