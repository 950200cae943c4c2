package dev.fpa.runtime.zoo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@link ZooResolver} of fpa's zoos: the built-in one first, then the user's folder zoo. */
public final class FpaZoos implements ZooResolver {
    @Override
    public Optional<URL> resolve(String name) {
        try {
            for (ModelZoo zoo : ModelZoo.all()) {
                Optional<ZooEntry> entry = zoo.entry(name);
                if (entry.isPresent()) {
                    return Optional.of(zoo.file(entry.get().model()));
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<String> names() {
        List<String> names = new ArrayList<>();
        try {
            for (ModelZoo zoo : ModelZoo.all()) {
                zoo.entries().forEach(e -> names.add(e.name()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }
}
