package dev.fpa.runtime.zoo;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The bytes of a model named by a file path, a URL (file:, jar:, http:, https:) or a zoo name ({@code zoo:NAME},
 * checked against its zoo's checksum), with the name to use in messages.
 */
public record ModelReference(byte[] bytes, String origin) {
    private static final String FILE_SCHEME = "file";
    /** Classpath resources inside jars, as the model zoo's files are. */
    private static final String JAR_SCHEME = "jar";

    public static ModelReference read(String reference) throws IOException {
        if (reference.startsWith(ZooResolver.PREFIX)) {
            return ZooResolver.find(reference.substring(ZooResolver.PREFIX.length())).read();
        }
        if (reference.contains("://") || reference.startsWith(FILE_SCHEME + ":")
                || reference.startsWith(JAR_SCHEME + ":")) {
            return read(URI.create(reference).toURL());
        }
        return read(Path.of(reference));
    }

    public static ModelReference read(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException(file + ": a folder, not a model file");
        }
        try {
            return new ModelReference(Files.readAllBytes(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no such model file");
        }
    }

    public static ModelReference read(URL url) throws IOException {
        if (FILE_SCHEME.equals(url.getProtocol())) {
            try {
                return read(Path.of(url.toURI()));
            } catch (URISyntaxException e) {
                throw new IOException(url + ": not a file path", e);
            }
        }
        try (InputStream in = url.openStream()) {
            return new ModelReference(in.readAllBytes(), url.toString());
        }
    }
}
