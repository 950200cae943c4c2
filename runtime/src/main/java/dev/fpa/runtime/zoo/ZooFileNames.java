package dev.fpa.runtime.zoo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * The rule for the file names of a zoo index: each names a file inside its zoo. An index comes from wherever the zoo
 * came from, and must not make fpa read, hash or load any other file of the machine.
 */
final class ZooFileNames {
    private ZooFileNames() {
    }

    /** Why {@code name} leads outside its zoo, judged by the name alone; empty when it stays inside. */
    static Optional<String> escape(String name) {
        if (name.isBlank()) {
            return Optional.of("is empty");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            return Optional.of("holds control characters");
        }
        if (name.startsWith("/") || name.startsWith("\\") || name.matches("[A-Za-z]:.*")) {
            return Optional.of("is an absolute path");
        }
        if (Arrays.asList(name.split("[/\\\\]")).contains("..")) {
            return Optional.of("climbs out of the zoo with '..'");
        }
        return Optional.empty();
    }

    /** The same for a zoo in {@code folder}, following links: an existing file must really lie inside the folder. */
    static Optional<String> escape(Path folder, String name) throws IOException {
        Optional<String> byName = escape(name);
        Path file = folder.resolve(name);
        // A missing file is left to verify and to loading, which report it.
        if (byName.isPresent() || !Files.exists(file)) {
            return byName;
        }
        Path real = file.toRealPath();
        return real.startsWith(folder.toRealPath()) ? Optional.empty()
                : Optional.of("leads through a link to " + real + ", outside the zoo");
    }
}
