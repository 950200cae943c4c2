package dev.fpa.trainer.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fpa.runtime.array.NdArray;
import dev.fpa.runtime.array.Npy;
import dev.fpa.runtime.array.Npz;
import dev.fpa.runtime.io.AtomicFiles;
import dev.fpa.trainer.model.GeneratorConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * fpa's own checkpoint: one self-describing file that every command reads.
 *
 * <p>It is an uncompressed ZIP that numpy opens with {@code np.load}: {@code meta.json} (format, version,
 * model type, the full generator config under official option names, provenance and training state) and one
 * {@code .npy} entry per tensor, grouped by section: {@code G/<name>}, {@code GE/<name>}, {@code D/<name>} and the
 * Adam states {@code G_opt/} and {@code D_opt/} ({@code exp_avg/<name>}, {@code exp_avg_sq/<name>},
 * {@code step/<name>}; see {@link TrainingCheckpoints}). Tensor names are the official state-dict names without the
 * section prefix. Writes are atomic (temporary file, then rename).
 */
public final class Checkpoint {
    public static final String FORMAT = "fpa-checkpoint";
    public static final int VERSION = 1;
    public static final String GENERATOR = "G";
    public static final String EMA_GENERATOR = "GE";
    public static final String DISCRIMINATOR = "D";

    private static final String META = "meta.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode meta;
    private final Map<String, Map<String, NdArray>> sections;

    /** @param meta must hold "config" (the generator config as official-name JSON) */
    public Checkpoint(ObjectNode meta, Map<String, Map<String, NdArray>> sections) {
        this.meta = meta.deepCopy();
        this.meta.put("format", FORMAT);
        this.meta.put("version", VERSION);
        this.sections = new LinkedHashMap<>();
        sections.forEach((k, v) -> this.sections.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
    }

    public static Checkpoint read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such checkpoint file");
        }
        ObjectNode meta = null;
        Map<String, Map<String, NdArray>> sections = new LinkedHashMap<>();
        boolean torchArchive = false;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                String name = e.getName();
                torchArchive |= name.endsWith("/data.pkl");
                try (InputStream in = zip.getInputStream(e)) {
                    if (name.equals(META)) {
                        meta = (ObjectNode) JSON.readTree(in);
                    } else if (name.endsWith(".npy") && name.indexOf('/') > 0) {
                        int slash = name.indexOf('/');
                        sections.computeIfAbsent(name.substring(0, slash), k -> new LinkedHashMap<>())
                                .put(name.substring(slash + 1, name.length() - 4), Npy.read(in, file + ":" + name));
                    }
                }
            }
        } catch (ZipException e) {
            throw new IOException(file + ": not an fpa checkpoint (not a ZIP archive)");
        } catch (ClassCastException e) {
            throw new IOException(file + ": meta.json is not a JSON object");
        }
        if (meta == null) {
            throw new IOException(file + (torchArchive
                    ? ": is an official PyTorch checkpoint; convert it first with 'fpa import'"
                    : ": not an fpa checkpoint (no meta.json)"));
        }
        if (!FORMAT.equals(meta.path("format").asText()) || meta.path("version").asInt() > VERSION) {
            throw new IOException(file + ": unsupported checkpoint format " + meta.path("format").asText() + " v"
                    + meta.path("version").asInt() + " (this fpa reads " + FORMAT + " v" + VERSION + ")");
        }
        if (!meta.has("config")) {
            throw new IOException(file + ": checkpoint has no generator config");
        }
        return new Checkpoint(meta, sections);
    }

    public void write(Path file) throws IOException {
        AtomicFiles.write(file, out -> {
            Npz.Writer w = new Npz.Writer(out);
            w.putFile(META, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(meta));
            for (Map.Entry<String, Map<String, NdArray>> s : sections.entrySet()) {
                for (Map.Entry<String, NdArray> t : s.getValue().entrySet()) {
                    w.putArray(s.getKey() + "/" + t.getKey(), t.getValue());
                }
            }
            w.finish();
        });
    }

    /** A copy of the description. */
    public ObjectNode meta() {
        return meta.deepCopy();
    }

    public boolean has(String section) {
        return sections.containsKey(section);
    }

    /** The tensors of a section by official name; an error naming the section when it is absent. */
    public Map<String, NdArray> section(String name) {
        Map<String, NdArray> s = sections.get(name);
        if (s == null) {
            throw new IllegalArgumentException("checkpoint has no " + name + " weights (it has " + sections.keySet() + ")");
        }
        return s;
    }

    public GeneratorConfig generatorConfig() {
        return GeneratorConfig.fromTrainerArgs(meta.get("config")).config();
    }

    /** The model type recorded in the config. */
    public String modelType() {
        return generatorConfig().modelType();
    }
}
