package dev.fpa.trainer.data;

import dev.fpa.runtime.image.ImageData;
import dev.fpa.runtime.image.SkippedFile;
import dev.fpa.runtime.progress.ProgressListener;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/** Decodes every image of a source once to report what it holds; nothing is cached or resized. */
public final class DatasetInspector {
    private static final int LISTED_SIZES = 10;

    private DatasetInspector() {
    }

    /**
     * What a source holds. Sizes and modes are "WxH"/"grey|RGB|RGBA" → count, most common first; skipped lists, in
     * path order, the folders that could not be listed and the images that could not be read (corrupt, over the
     * pixel limit, no permission), each with the reason.
     */
    public record Summary(String source, int total, int readable, Map<String, Integer> sizes,
                          Map<String, Integer> modes, List<SkippedFile> skipped) {
    }

    public static Summary inspect(ImageSource source, ProgressListener progress) {
        int n = source.count();
        Map<String, Integer> sizes = new ConcurrentHashMap<>();
        Map<String, Integer> modes = new ConcurrentHashMap<>();
        List<SkippedFile> unreadable = Collections.synchronizedList(new ArrayList<>());
        progress.start("reading " + source.name(), n, "img");
        IntStream.range(0, n).parallel().forEach(i -> {
            try {
                ImageData x = source.read(i);
                sizes.merge(x.width() + "x" + x.height(), 1, Integer::sum);
                modes.merge(x.mode(), 1, Integer::sum);
            } catch (IOException | RuntimeException e) {
                unreadable.add(SkippedFile.of(source.describe(i), e));
            }
            progress.advance(1);
        });
        progress.finish();
        List<SkippedFile> skipped = new ArrayList<>(source.skippedWhileListing());
        skipped.addAll(unreadable);
        skipped.sort(Comparator.comparing(SkippedFile::source));
        return new Summary(source.location(), n, n - unreadable.size(), mostCommon(sizes, LISTED_SIZES),
                mostCommon(modes, Integer.MAX_VALUE), skipped);
    }

    private static Map<String, Integer> mostCommon(Map<String, Integer> counts, int limit) {
        Map<String, Integer> out = new LinkedHashMap<>();
        counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(limit)
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        int others = counts.size() - out.size();
        if (others > 0) {
            int rest = counts.values().stream().mapToInt(Integer::intValue).sum()
                    - out.values().stream().mapToInt(Integer::intValue).sum();
            out.put(others + " other sizes", rest);
        }
        return out;
    }
}
