package dev.fpa.runtime.zoo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fpa.runtime.io.AtomicFiles;
import dev.fpa.runtime.io.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A model zoo: a folder of ONNX models with model cards and an {@code index.json} naming each model, its kind and
 * the SHA-256 of each of its files. fpa's built-in zoo is that folder on the classpath ({@code dev/fpa/zoo/},
 * shipped by the model-zoo module); a user's own zoo is a folder on disk that {@code fpa zoo add} fills. An index may
 * only name files inside its zoo ({@link ZooFileNames}); one that names others is refused as a whole.
 */
public final class ModelZoo {
    public static final String INDEX = "index.json";
    public static final String FORMAT = "fpa-zoo/1";
    private static final String RESOURCE_ROOT = "dev/fpa/zoo/";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String location;
    private final Path folder;
    private final String defaultGenerator;
    private final Map<String, ZooEntry> entries;

    private ModelZoo(String location, Path folder, String defaultGenerator, Map<String, ZooEntry> entries) {
        this.location = location;
        this.folder = folder;
        this.defaultGenerator = defaultGenerator;
        this.entries = entries;
    }

    /** The zoo shipped with fpa (empty when the model-zoo jar is not on the classpath). */
    public static ModelZoo builtIn() throws IOException {
        URL index = ModelZoo.class.getClassLoader().getResource(RESOURCE_ROOT + INDEX);
        if (index == null) {
            return new ModelZoo("built-in (not installed)", null, null, Map.of());
        }
        try (InputStream in = index.openStream()) {
            return parse("built-in", null, JSON.readTree(in));
        }
    }

    /** The zoo in {@code folder}, empty if the folder has no index yet. */
    public static ModelZoo local(Path folder) throws IOException {
        Path index = folder.resolve(INDEX);
        if (!Files.exists(index)) {
            return new ModelZoo(folder.toString(), folder, null, Map.of());
        }
        return parse(folder.toString(), folder, JSON.readTree(index.toFile()));
    }

    /**
     * The user's zoo: the system property {@code fpa.zoo.dir}, else $FPA_ZOO_DIR, else $XDG_DATA_HOME/fpa/zoo, else
     * ~/.local/share/fpa/zoo.
     */
    public static Path defaultLocalFolder() {
        String dir = System.getProperty("fpa.zoo.dir", System.getenv("FPA_ZOO_DIR"));
        if (dir != null && !dir.isBlank()) {
            return Path.of(dir);
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("fpa").resolve("zoo");
    }

    /** The built-in zoo, then the user's. */
    public static List<ModelZoo> all() throws IOException {
        return List.of(builtIn(), local(defaultLocalFolder()));
    }

    /**
     * A file that an entry of the built-in or the user's zoo ships under this name (the statistics beside a feature
     * model, say), with the checksum its index lists: read it through {@link ZooModel#read()}, which verifies it.
     */
    public static Optional<ZooModel> shippedFile(String fileName) throws IOException {
        for (ModelZoo zoo : all()) {
            for (ZooEntry e : zoo.entries()) {
                String sha256 = e.files().get(fileName);
                if (sha256 != null) {
                    return Optional.of(new ZooModel(e.name(), zoo.file(fileName), sha256, zoo.index()));
                }
            }
        }
        return Optional.empty();
    }

    private static ModelZoo parse(String location, Path folder, JsonNode index) throws IOException {
        if (!FORMAT.equals(index.path("format").asText())) {
            throw new IOException(index(location) + ": not an fpa zoo index (format "
                    + UntrustedText.quote(index.path("format").asText()) + ", expected " + FORMAT + ")");
        }
        Map<String, ZooEntry> entries = new LinkedHashMap<>();
        for (JsonNode m : index.path("models")) {
            Map<String, String> files = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = m.path("files").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                files.put(f.getKey(), f.getValue().asText());
            }
            try {
                ZooEntry e = new ZooEntry(m.path("name").asText(), m.path("kind").asText(),
                        m.path("model").asText(), m.path("summary").asText(), files);
                entries.put(e.name(), e);
            } catch (IllegalArgumentException e) {
                throw new IOException(index(location) + ": " + e.getMessage());
            }
        }
        String defaultGenerator = index.hasNonNull("default_generator") ? index.get("default_generator").asText()
                : null;
        ModelZoo zoo = new ModelZoo(location, folder, defaultGenerator, entries);
        for (ZooEntry e : entries.values()) {
            zoo.requireInside(e.name(), e.fileNames());
        }
        return zoo;
    }

    /** Refuses an entry that names a file outside the zoo. */
    private void requireInside(String entry, Collection<String> fileNames) throws IOException {
        for (String name : fileNames) {
            Optional<String> escape = folder != null ? ZooFileNames.escape(folder, name) : ZooFileNames.escape(name);
            if (escape.isPresent()) {
                throw new IOException(index() + ": entry " + UntrustedText.quote(entry) + " names the file "
                        + UntrustedText.quote(name) + ", which " + escape.get() + "; an index may only name files "
                        + "inside its zoo");
            }
        }
    }

    public String location() {
        return location;
    }

    /** The zoo's index, as messages name it. */
    public String index() {
        return index(location);
    }

    private static String index(String location) {
        return location + "/" + INDEX;
    }

    public List<ZooEntry> entries() {
        return List.copyOf(entries.values());
    }

    public Optional<ZooEntry> entry(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    /** The generator {@code fpa generate} and {@code fpa paint} use when given no model. */
    public Optional<String> defaultGenerator() {
        return Optional.ofNullable(defaultGenerator);
    }

    /** An entry's model file with the checksum it must have. */
    public ZooModel model(ZooEntry entry) throws IOException {
        return new ZooModel(entry.name(), file(entry.model()), entry.files().get(entry.model()), index());
    }

    /** Where one of the zoo's files is. */
    public URL file(String fileName) throws IOException {
        if (folder != null) {
            try {
                return folder.resolve(fileName).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IOException(folder + "/" + fileName + ": not a usable path", e);
            }
        }
        URL url = ModelZoo.class.getClassLoader().getResource(RESOURCE_ROOT + fileName);
        if (url == null) {
            throw new IOException("the built-in zoo lists " + fileName + " but does not contain it");
        }
        return url;
    }

    /** The text of a file of the zoo (a model card). */
    public String text(String fileName) throws IOException {
        try (InputStream in = file(fileName).openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Checks every file of every entry against its SHA-256; returns one line per problem, empty when all match. */
    public List<String> verify() {
        List<String> problems = new ArrayList<>();
        for (ZooEntry e : entries.values()) {
            e.files().forEach((name, expected) -> {
                try (InputStream in = file(name).openStream()) {
                    String actual = Sha256.of(in);
                    if (!actual.equals(expected)) {
                        problems.add(e.name() + ": " + name + " has SHA-256 " + actual + ", the index says "
                                + expected);
                    }
                } catch (IOException x) {
                    problems.add(e.name() + ": " + name + " cannot be read (" + x.getMessage() + ")");
                }
            });
        }
        return problems;
    }

    /**
     * Adds (or replaces) an entry in a folder zoo: its files must already be in the folder; their checksums are
     * computed here and the index is rewritten atomically.
     */
    public ModelZoo add(String name, String kind, String model, String summary, List<String> fileNames,
                        boolean makeDefault) throws IOException {
        if (folder == null) {
            throw new IOException("the built-in zoo is read-only; add models to a folder zoo");
        }
        // Checked before hashing, so that no file outside the zoo is read.
        requireInside(name, fileNames);
        Map<String, String> files = new TreeMap<>();
        for (String f : fileNames) {
            files.put(f, Sha256.ofFile(folder.resolve(f)));
        }
        Map<String, ZooEntry> updated = new LinkedHashMap<>(entries);
        updated.put(name, new ZooEntry(name, kind, model, summary, files));
        String def = makeDefault ? name : defaultGenerator;
        ModelZoo zoo = new ModelZoo(location, folder, def, updated);
        zoo.writeIndex();
        return zoo;
    }

    private void writeIndex() throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        if (defaultGenerator != null) {
            root.put("default_generator", defaultGenerator);
        }
        ArrayNode models = root.putArray("models");
        for (ZooEntry e : entries.values()) {
            ObjectNode m = models.addObject();
            m.put("name", e.name());
            m.put("kind", e.kind());
            m.put("model", e.model());
            m.put("summary", e.summary());
            ObjectNode files = m.putObject("files");
            new TreeMap<>(e.files()).forEach(files::put);
        }
        Files.createDirectories(folder);
        AtomicFiles.write(folder.resolve(INDEX), (JSON.writeValueAsString(root) + "\n").getBytes(
                StandardCharsets.UTF_8));
    }
}
