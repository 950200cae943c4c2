package dev.fpa.runtime.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fpa.runtime.io.Sha256;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file version (URL, time, size) is hashed once; files in jars, as the built-in zoo ships, have versions too. */
class ChecksumCacheTest {
    private static final byte[] MODEL = "model bytes".getBytes(StandardCharsets.UTF_8);
    private static final long ENTRY_TIME = 1_700_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void hashesAVersionOnce() throws IOException {
        Path file = Files.write(dir.resolve("m.onnx"), MODEL);
        URL url = file.toUri().toURL();
        long modified = ChecksumCache.lastModified(url);
        assertEquals(Files.getLastModifiedTime(file).toMillis(), modified);
        assertEquals(Sha256.of(MODEL), ChecksumCache.sha256(url, modified, MODEL));
        byte[] sameSize = "model bytez".getBytes(StandardCharsets.UTF_8);
        assertEquals(Sha256.of(MODEL), ChecksumCache.sha256(url, modified, sameSize), "the version's hash is kept");
        assertEquals(Sha256.of(sameSize), ChecksumCache.sha256(url, modified + 1, sameSize));
        assertEquals(Sha256.of(sameSize), ChecksumCache.sha256(url, 0, sameSize), "an unknown time is never kept");
        assertEquals(0, ChecksumCache.lastModified(dir.resolve("missing.onnx").toUri().toURL()));
    }

    @Test
    void checksAZooModelInsideAJar() throws IOException {
        Path jar = dir.resolve("zoo.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            JarEntry entry = new JarEntry("dev/fpa/zoo/m.onnx");
            entry.setTime(ENTRY_TIME);
            out.putNextEntry(entry);
            out.write(MODEL);
        }
        URL url = URI.create("jar:" + jar.toUri() + "!/dev/fpa/zoo/m.onnx").toURL();
        assertTrue(ChecksumCache.lastModified(url) > 0);
        assertArrayEquals(MODEL, new ZooModel("m", url, Sha256.of(MODEL), "built-in/index.json").read().bytes());
        IOException e = assertThrows(IOException.class,
                () -> new ZooModel("m", url, Sha256.of(new byte[0]), "built-in/index.json").read());
        assertTrue(e.getMessage().startsWith("zoo:m: model file " + url + " does not match its checksum in "
                + "built-in/index.json"), e.getMessage());
    }
}
