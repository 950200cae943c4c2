package dev.fpa.runtime.zoo;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Finds the ONNX file of a model-zoo name ({@code zoo:NAME}). Zoos register implementations with Java's
 * {@link ServiceLoader} ({@code META-INF/services/dev.fpa.runtime.zoo.ZooResolver}); fpa's own zoo reads the
 * classpath resources under {@code dev/fpa/zoo/} and their {@code index.json}.
 */
public interface ZooResolver {
    /** How a model reference names a zoo model. */
    String PREFIX = "zoo:";

    /** The model file of {@code name}, if this zoo has it. */
    Optional<URL> resolve(String name);

    /** The names this zoo offers, for error messages and listings. */
    List<String> names();

    /** Asks every registered zoo in turn; the error lists the names that exist. */
    static URL find(String name) throws IOException {
        List<String> known = new ArrayList<>();
        for (ZooResolver zoo : ServiceLoader.load(ZooResolver.class)) {
            Optional<URL> url = zoo.resolve(name);
            if (url.isPresent()) {
                return url.get();
            }
            known.addAll(zoo.names());
        }
        throw new IOException("no zoo model named '" + name + "'"
                + (known.isEmpty() ? " (no model zoo is installed)" : "; available: " + String.join(", ", known)));
    }
}
