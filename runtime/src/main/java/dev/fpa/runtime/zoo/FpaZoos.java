package dev.fpa.runtime.zoo;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@link ZooResolver} of fpa's zoos: the built-in one first, then the user's folder zoo. */
public final class FpaZoos implements ZooResolver {
    @Override
    public Optional<ZooModel> resolve(String name) throws IOException {
        for (ModelZoo zoo : ModelZoo.all()) {
            Optional<ZooEntry> entry = zoo.entry(name);
            if (entry.isPresent()) {
                return Optional.of(zoo.model(entry.get()));
            }
        }
        return Optional.empty();
    }

    @Override
    public List<String> names() throws IOException {
        List<String> names = new ArrayList<>();
        for (ModelZoo zoo : ModelZoo.all()) {
            zoo.entries().forEach(e -> names.add(e.name()));
        }
        return names;
    }
}
