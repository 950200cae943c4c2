package dev.fpa.runtime.metrics;

import dev.fpa.runtime.generate.Painter;
import java.io.IOException;

/**
 * Images from a generator, one per seed {@code firstSeed, firstSeed+1, …}, pushed through the reference set's
 * saving path ({@link SavedImageRoundTrip}) so that they meet the extractor exactly as stored images would.
 */
public final class GeneratedImageStream implements ImageStream {
    private final Painter painter;
    private final long count;
    private final long firstSeed;
    private final SavedImageRoundTrip roundTrip;
    private long done;

    public GeneratedImageStream(Painter painter, long count, long firstSeed, SavedImageRoundTrip roundTrip) {
        this.painter = painter;
        this.count = count;
        this.firstSeed = firstSeed;
        this.roundTrip = roundTrip;
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public ImageBatch next(int max) throws IOException {
        int n = (int) Math.min(max, count - done);
        if (n <= 0) {
            return null;
        }
        long[] seeds = new long[n];
        for (int i = 0; i < n; i++) {
            seeds[i] = firstSeed + done + i;
        }
        done += n;
        Painter.Images images = painter.generate(seeds);
        return roundTrip.apply(new ImageBatch(images.images(), n, images.channels(), images.size(), images.size()));
    }
}
