package dev.fpa.runtime.zoo;

import java.io.IOException;
import java.net.URL;

/**
 * The model file of a zoo entry with the SHA-256 its zoo's index lists for it: what {@code zoo:NAME} resolves to.
 *
 * @param name   the zoo name
 * @param url    where the model file is
 * @param sha256 its checksum in the index
 * @param index  the index that lists it, for messages
 */
public record ZooModel(String name, URL url, String sha256, String index) {
    /** The model's bytes, refused unless they have the index's checksum: a zoo model runs only as installed. */
    public ModelReference read() throws IOException {
        long modified = ChecksumCache.lastModified(url);
        ModelReference file = ModelReference.read(url);
        String found = ChecksumCache.sha256(url, modified, file.bytes());
        if (!found.equals(sha256)) {
            throw new IOException(ZooResolver.PREFIX + name + ": model file " + file.origin() + " does not match its "
                    + "checksum in " + index + " (expected " + sha256 + ", found " + found + "); reinstall it or run "
                    + "fpa zoo verify");
        }
        return file;
    }
}
