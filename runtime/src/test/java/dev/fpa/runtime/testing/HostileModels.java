package dev.fpa.runtime.testing;

import ai.onnx.proto.OnnxMl;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fpa.runtime.io.Sha256;
import dev.fpa.runtime.zoo.ModelZoo;
import dev.fpa.runtime.zoo.ZooEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Broken and hostile inputs made from the shipped models, for the tests of every module that loads models: a zoo
 * whose model lost its integrity, a zoo index that names a file outside its zoo, and painters whose metadata lies
 * about their graph.
 */
public final class HostileModels {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HostileModels() {
    }

    /** The built-in zoo's folder in the source tree ({@code model-zoo/src/main/resources/dev/fpa/zoo}). */
    public static Path shippedZoo() {
        Path inTree = Path.of("model-zoo", "src", "main", "resources", "dev", "fpa", "zoo", ModelZoo.INDEX);
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(inTree))) {
                return dir.resolve(inTree).getParent();
            }
        }
        throw new IllegalStateException(inTree + " not found above " + Path.of("").toAbsolutePath());
    }

    /**
     * A folder zoo in {@code target} holding entry {@code name} of the zoo in {@code source} as {@code copyName} (a
     * new name, so that the built-in zoo, which is asked first, does not answer for it), added as {@code fpa zoo add}
     * adds it (files copied, checksums computed, made the default), after which the middle byte of its model is
     * flipped: inside the weights, so the file still parses as ONNX.
     *
     * @return the changed model file
     */
    public static Path zooWithFlippedByte(Path source, String name, String copyName, Path target)
            throws IOException {
        ZooEntry entry = ModelZoo.local(source).entry(name)
                .orElseThrow(() -> new IllegalArgumentException(source + " has no entry " + name));
        Files.createDirectories(target);
        List<String> files = new ArrayList<>();
        for (String f : entry.files().keySet()) {
            String copy = renamed(f, name, copyName);
            Files.copy(source.resolve(f), target.resolve(copy));
            files.add(copy);
        }
        String model = renamed(entry.model(), name, copyName);
        ModelZoo.local(target).add(copyName, entry.kind(), model, entry.summary(), files, true);
        byte[] bytes = Files.readAllBytes(target.resolve(model));
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(target.resolve(model), bytes);
        return target.resolve(model);
    }

    /** An entry's file under the copy's name: NAME.onnx, NAME.md and NAME.json follow the entry's name. */
    private static String renamed(String file, String name, String copyName) {
        return file.startsWith(name + ".") ? copyName + file.substring(name.length()) : file;
    }

    /**
     * Writes {@code zoo/index.json} with one generator entry {@code name} whose model is {@code fileName} verbatim
     * ({@code ../x.onnx}, {@code /etc/hostname}, a link's name), listed with that file's true SHA-256 so that only
     * the zoo's confinement can refuse it.
     */
    public static void writeIndexEntry(Path zoo, String name, String fileName) throws IOException {
        Files.createDirectories(zoo);
        ObjectNode index = JSON.createObjectNode();
        index.put("format", ModelZoo.FORMAT);
        index.put("default_generator", name);
        ObjectNode entry = index.putArray("models").addObject();
        entry.put("name", name);
        entry.put("kind", ZooEntry.GENERATOR);
        entry.put("model", fileName);
        entry.put("summary", "names a file outside its zoo");
        entry.putObject("files").put(fileName, Sha256.ofFile(zoo.resolve(fileName)));
        JSON.writeValue(zoo.resolve(ModelZoo.INDEX).toFile(), index);
    }

    /**
     * Writes a copy of an ONNX model with the value of one {@code metadata_props} key replaced; the graph is left
     * as it was.
     *
     * @return {@code target}
     */
    public static Path withMetadata(Path model, String key, String value, Path target) throws IOException {
        OnnxMl.ModelProto original;
        try (InputStream in = Files.newInputStream(model)) {
            original = OnnxMl.ModelProto.parseFrom(in);
        }
        OnnxMl.ModelProto.Builder changed = original.toBuilder();
        int index = -1;
        for (int i = 0; i < changed.getMetadataPropsCount(); i++) {
            if (changed.getMetadataProps(i).getKey().equals(key)) {
                index = i;
            }
        }
        if (index < 0) {
            throw new IllegalArgumentException(model + " has no metadata key " + key);
        }
        changed.setMetadataProps(index, changed.getMetadataProps(index).toBuilder().setValue(value));
        Files.write(target, changed.build().toByteArray());
        return target;
    }
}
