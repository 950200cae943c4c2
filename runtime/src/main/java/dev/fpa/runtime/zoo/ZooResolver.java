package dev.fpa.runtime.zoo;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Finds the ONNX file of a model-zoo name ({@code zoo:NAME}) and the checksum it must have. Zoos register
 * implementations with Java's {@link ServiceLoader} ({@code META-INF/services/dev.fpa.runtime.zoo.ZooResolver});
 * fpa's own zoos read their {@code index.json}.
 */
public interface ZooResolver {
    /** How a model reference names a zoo model. */
    String PREFIX = "zoo:";

    /** The model of {@code name}, if this zoo has it. */
    Optional<ZooModel> resolve(String name) throws IOException;

    /** The names this zoo offers, for error messages and listings. */
    List<String> names() throws IOException;

    /** Asks every registered zoo in turn; the error lists the names that exist. */
    static ZooModel find(String name) throws IOException {
        List<String> known = new ArrayList<>();
        for (ZooResolver zoo : ServiceLoader.load(ZooResolver.class)) {
            Optional<ZooModel> model = zoo.resolve(name);
            if (model.isPresent()) {
                return model.get();
            }
            known.addAll(zoo.names());
        }
        throw new IOException("no zoo model named " + UntrustedText.quote(name)
                + (known.isEmpty() ? " (no model zoo is installed)" : "; available: " + String.join(", ", known)));
    }
}
