package dev.fpa.runtime.zoo;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One model of a zoo index.
 *
 * @param name    the name used in {@code zoo:NAME}
 * @param kind    {@code generator} or {@code features}
 * @param model   the ONNX file's name
 * @param summary one line for listings
 * @param files   every file of the entry (model, cards, statistics) with its SHA-256
 */
public record ZooEntry(String name, String kind, String model, String summary, Map<String, String> files) {
    public static final String GENERATOR = "generator";
    public static final String FEATURES = "features";

    public ZooEntry {
        files = Map.copyOf(files);
        if (!files.containsKey(model)) {
            throw new IllegalArgumentException("entry " + UntrustedText.quote(name) + " lists no checksum for its "
                    + "model " + UntrustedText.quote(model));
        }
    }

    /** The Markdown model card's file name, by convention NAME.md. */
    public String card() {
        return name + ".md";
    }

    /** The JSON model card's file name, by convention NAME.json. */
    public String cardJson() {
        return name + ".json";
    }

    /** Every file the entry names: those it lists and its two cards. */
    public Set<String> fileNames() {
        Set<String> names = new TreeSet<>(files.keySet());
        names.add(card());
        names.add(cardJson());
        return names;
    }
}
