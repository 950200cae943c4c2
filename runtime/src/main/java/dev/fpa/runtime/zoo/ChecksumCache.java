package dev.fpa.runtime.zoo;

import dev.fpa.runtime.io.Sha256;
import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SHA-256 of each version of a zoo file this process loaded, so that a model opened again (benchmarks, several
 * painters) is hashed once. A version is the file's URL, modification time and size; a file whose time is unknown
 * is hashed every time.
 */
final class ChecksumCache {
    private record Version(String url, long modified, int size) {
    }

    private static final Map<Version, String> FOUND = new ConcurrentHashMap<>();

    private ChecksumCache() {
    }

    /**
     * When the file at {@code url} last changed, 0 when unknown. Taken before its bytes are read, so that a change
     * while they are read makes a version that is never found again.
     */
    static long lastModified(URL url) {
        try {
            return switch (url.getProtocol()) {
                case "file" -> Files.getLastModifiedTime(Path.of(url.toURI())).toMillis();
                case "jar" -> Math.max(0, ((JarURLConnection) url.openConnection()).getJarEntry().getTime());
                default -> 0;
            };
        } catch (IOException | URISyntaxException e) {
            // Reading the file reports what is wrong with it.
            return 0;
        }
    }

    /** The checksum of {@code bytes}, read from {@code url} after {@link #lastModified} gave {@code modified}. */
    static String sha256(URL url, long modified, byte[] bytes) {
        if (modified == 0) {
            return Sha256.of(bytes);
        }
        return FOUND.computeIfAbsent(new Version(url.toString(), modified, bytes.length), v -> Sha256.of(bytes));
    }
}
