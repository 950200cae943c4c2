package dev.fpa.cli;

import dev.fpa.runtime.array.NdArray;
import dev.fpa.runtime.array.Npy;
import dev.fpa.runtime.latent.LatentSampler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** Where latents come from: one seed's stream, one seed per sample, or a .npy file. */
final class LatentOptions {
    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Source source = new Source();

    @Option(names = "--num", converter = Counts.Positive.class, defaultValue = "64", paramLabel = "N",
            description = "How many samples to draw from --seed (default: ${DEFAULT-VALUE}).")
    int num;

    static final class Source {
        @Option(names = "--seed", paramLabel = "S",
                description = "Draw --num latents from this seed's stream (default 0).")
        Long seed;

        @Option(names = "--seeds", paramLabel = "LIST",
                description = "One sample per seed, e.g. 1-64 or 3,7,9-12; a sample never depends on the others.")
        String seeds;

        @Option(names = "--latents", paramLabel = "z.npy", description = "Latents from a (N, latent_dim) .npy file.")
        Path latents;
    }

    /**
     * A batch of the chosen latents: row-major (count, dim), and for --seeds the per-sample seeds (else null), since
     * a seeded sample also draws its noise from its own seed.
     */
    record Latents(float[] values, int count, long[] seeds) {
    }

    /**
     * The chosen latents, handed out a batch at a time so that any --num runs in bounded memory; the batches
     * concatenate to exactly the latents one call for all would give. {@code noiseSeed} seeds anything else a model
     * draws (the baseline's noise), once for the whole stream.
     */
    interface LatentStream {
        int count();

        long noiseSeed();

        /** The next at most {@code max} latents; call while fewer than {@link #count()} have been handed out. */
        Latents next(int max);
    }

    LatentStream open(int dim) throws IOException {
        if (source.latents != null) {
            return fromFile(source.latents, dim);
        }
        if (source.seeds != null) {
            long[] seeds = parseSeeds(source.seeds);
            return new Batches(seeds.length, seeds[0], (from, n) -> {
                long[] part = Arrays.copyOfRange(seeds, from, from + n);
                return new Latents(LatentSampler.sampleEach(part, dim), n, part);
            });
        }
        long seed = source.seed == null ? 0 : source.seed;
        LatentSampler stream = new LatentSampler(seed);
        return new Batches(num, seed, (from, n) -> new Latents(stream.next(n, dim), n, null));
    }

    /** Latents from a .npy file, refused when a row holds NaN or infinity (the model would paint it black). */
    private static LatentStream fromFile(Path file, int dim) throws IOException {
        NdArray z = Npy.read(file);
        if (z.rank() != 2 || z.dim(1) != dim) {
            throw new IOException(file + ": latents must have shape (N, " + dim + "), got "
                    + "" + Arrays.toString(z.shape()));
        }
        float[] values = z.toFloatArray();
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IOException(file + ": row " + i / dim + " of the latents holds " + values[i]
                        + "; latents must be finite");
            }
        }
        return new Batches(z.dim(0), 0, (from, n) ->
                new Latents(Arrays.copyOfRange(values, from * dim, (from + n) * dim), n, null));
    }

    /** Counts out batches of a source that makes latents [from, from + n). */
    private static final class Batches implements LatentStream {
        interface Source {
            Latents make(int from, int n);
        }

        private final int count;
        private final long noiseSeed;
        private final Source source;
        private int done;

        Batches(int count, long noiseSeed, Source source) {
            this.count = count;
            this.noiseSeed = noiseSeed;
            this.source = source;
        }

        @Override
        public int count() {
            return count;
        }

        @Override
        public long noiseSeed() {
            return noiseSeed;
        }

        @Override
        public Latents next(int max) {
            int n = Math.min(max, count - done);
            if (n < 1) {
                throw new IllegalStateException("all " + count + " latents were handed out");
            }
            Latents batch = source.make(done, n);
            done += n;
            return batch;
        }
    }

    /** At most this many seeds in one --seeds list: a million images is far more than one command should paint. */
    static final int MAX_SEEDS = 1_000_000;

    static long[] parseSeeds(String text) {
        List<Long> out = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String p = part.trim();
            if (p.isEmpty()) {
                throw new IllegalArgumentException("--seeds: empty entry in '" + text + "' (write e.g. 1-64 or "
                        + "3,7,9-12)");
            }
            int dash = p.indexOf('-', 1);
            try {
                long from = Long.parseLong(dash > 0 ? p.substring(0, dash) : p);
                long to = dash > 0 ? Long.parseLong(p.substring(dash + 1)) : from;
                // counted as (to - from) with overflow checks, and stepped by count, so a range ending at
                // Long.MAX_VALUE terminates
                long span = to < from ? -1 : Math.subtractExact(to, from);
                if (span < 0 || span >= MAX_SEEDS - out.size()) {
                    throw new IllegalArgumentException("--seeds: range '" + p + "' is " + (span < 0 ? "empty"
                            : "too long") + " (at most " + MAX_SEEDS + " seeds in all)");
                }
                for (long i = 0; i <= span; i++) {
                    out.add(from + i);
                }
            } catch (NumberFormatException | ArithmeticException e) {
                throw new IllegalArgumentException("--seeds: '" + p + "' is not a seed or range like 1-64");
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }
}
