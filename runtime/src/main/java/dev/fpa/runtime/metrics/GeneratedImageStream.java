package dev.fpa.runtime.metrics;

import dev.fpa.runtime.generate.ImageSampler;
import dev.fpa.runtime.generate.SeedRange;
import java.io.IOException;

/**
 * Images from a generator, one per seed of a range, pushed through the reference set's saving path
 * ({@link SavedImageRoundTrip}) so that they meet the extractor exactly as stored images would.
 */
public final class GeneratedImageStream implements ImageStream {
    private final ImageSampler sampler;
    private final SeedRange seeds;
    private final SavedImageRoundTrip roundTrip;
    private long done;

    public GeneratedImageStream(ImageSampler sampler, SeedRange seeds, SavedImageRoundTrip roundTrip) {
        this.sampler = sampler;
        this.seeds = seeds;
        this.roundTrip = roundTrip;
    }

    @Override
    public long count() {
        return seeds.count();
    }

    @Override
    public ImageBatch next(int max) throws IOException {
        long[] batch = seeds.slice(done, max);
        if (batch.length == 0) {
            return null;
        }
        done += batch.length;
        ImageSampler.Shape s = sampler.shape();
        return roundTrip.apply(new ImageBatch(sampler.sample(batch), batch.length, s.channels(), s.imageSize(),
                s.imageSize()));
    }
}
