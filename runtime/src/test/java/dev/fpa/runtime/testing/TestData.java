package dev.fpa.runtime.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPInputStream;

/**
 * The test data that ships in the repository's {@code testdata/} folder: the official reference sets
 * ({@code testdata/official}, see its README) and a Fashion-MNIST subset. Tests find the folder from their
 * working directory upwards (Surefire runs each module in its own folder), so no property or sibling folder is
 * needed, and an IDE run finds it too.
 */
public final class TestData {
    private static final Path ROOT = locate();

    private TestData() {
    }

    /** {@code testdata/official}: the sets written by the official code, one folder each. */
    public static Path official() {
        return ROOT.resolve("official");
    }

    /** {@code testdata/official/<set>}: one parity set (or {@code fid}). */
    public static Path official(String set) {
        Path dir = official().resolve(set);
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("no official test set " + set + " under " + official());
        }
        return dir;
    }

    /** The first 2,000 training and 1,000 test images of Fashion-MNIST, as IDX files under their usual names. */
    public static Path fashionMnistSubset() {
        return ROOT.resolve("fashion-mnist-subset");
    }

    /**
     * pytorch-fid's random Inception weights, unpacked once per module from the gzipped copy in the repository
     * into {@code target/testdata}; the readers under test take the file as the user has it, uncompressed.
     */
    public static synchronized Path fidInceptionWeights() {
        Path unpacked = Path.of("target", "testdata", "pt_inception-random.pth").toAbsolutePath();
        if (!Files.exists(unpacked)) {
            try {
                Files.createDirectories(unpacked.getParent());
                Path partial = Files.createTempFile(unpacked.getParent(), "pt_inception", ".part");
                try (InputStream in = new GZIPInputStream(
                        Files.newInputStream(official("fid").resolve("pt_inception-random.pth.gz")), 1 << 16)) {
                    Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                }
                Files.move(partial, unpacked, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return unpacked;
    }

    private static Path locate() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("testdata");
            if (Files.isDirectory(candidate.resolve("official"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("testdata/official not found above " + Path.of("").toAbsolutePath());
    }
}
