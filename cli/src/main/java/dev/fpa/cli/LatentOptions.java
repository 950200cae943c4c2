package dev.fpa.cli;

import dev.fpa.runtime.array.NdArray;
import dev.fpa.runtime.array.Npy;
import dev.fpa.runtime.latent.LatentSampler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** Where latents come from: one seed's stream, one seed per sample, or a .npy file. */
final class LatentOptions {
    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Source source = new Source();

    @Option(names = "--num", defaultValue = "64", paramLabel = "N",
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
     * The chosen latents: row-major (count, dim); {@code seed} seeds anything else a model draws (the baseline's
     * noise), and {@code seeds} holds the per-sample seeds of --seeds (else null).
     */
    record Latents(float[] values, int count, long seed, long[] seeds) {
    }

    Latents resolve(int dim) throws IOException {
        if (source.latents != null) {
            NdArray z = Npy.read(source.latents);
            if (z.rank() != 2 || z.dim(1) != dim) {
                throw new IOException(source.latents + ": latents must have shape (N, " + dim + "), got "
                        + java.util.Arrays.toString(z.shape()));
            }
            return new Latents(z.toFloatArray(), z.dim(0), 0, null);
        }
        if (source.seeds != null) {
            long[] seeds = parseSeeds(source.seeds);
            return new Latents(LatentSampler.sampleEach(seeds, dim), seeds.length, seeds[0], seeds);
        }
        if (num < 1) {
            throw new IllegalArgumentException("--num must be at least 1");
        }
        long seed = source.seed == null ? 0 : source.seed;
        return new Latents(LatentSampler.sample(seed, num, dim), num, seed, null);
    }

    static long[] parseSeeds(String text) {
        List<Long> out = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            int dash = p.indexOf('-', 1);
            try {
                if (dash > 0) {
                    long from = Long.parseLong(p.substring(0, dash));
                    long to = Long.parseLong(p.substring(dash + 1));
                    if (to < from || to - from > 1_000_000) {
                        throw new IllegalArgumentException("bad seed range '" + p + "'");
                    }
                    for (long s = from; s <= to; s++) {
                        out.add(s);
                    }
                } else {
                    out.add(Long.parseLong(p));
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--seeds: '" + p + "' is not a seed or range like 1-64");
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }
}
