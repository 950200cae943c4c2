package dev.fpa.trainer.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fpa.runtime.array.NdArray;
import dev.fpa.runtime.array.Npy;
import dev.fpa.runtime.array.Npz;
import dev.fpa.runtime.io.AtomicFiles;
import dev.fpa.trainer.model.config.GeneratorConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;

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
    /** The user's names of the two generators ({@code --use}, {@code --pre-trained-use}). */
    private static final String EMA_CHOICE = "ema";
    private static final String G_CHOICE = "g";

    private static final String META = "meta.json";
    /** meta.json holds a configuration and a few counters: kilobytes. */
    private static final long MAX_META_BYTES = 16 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CheckpointMeta meta;
    private final Map<String, Map<String, NdArray>> sections;

    /** The generator section a user's choice names: "ema" (any case) for GE, "g" for G; empty for anything else. */
    public static Optional<String> generatorSectionNamed(String choice) {
        return switch (choice.toLowerCase(Locale.ROOT)) {
            case EMA_CHOICE -> Optional.of(EMA_GENERATOR);
            case G_CHOICE -> Optional.of(GENERATOR);
            default -> Optional.empty();
        };
    }

    /** The user's name of a generator section: "ema" for GE, "g" for G. */
    public static String choiceOf(String generatorSection) {
        return EMA_GENERATOR.equals(generatorSection) ? EMA_CHOICE : G_CHOICE;
    }

    /** @param meta must hold the generator config */
    public Checkpoint(CheckpointMeta meta, Map<String, Map<String, NdArray>> sections) {
        if (meta.config() == null || !meta.config().isObject()) {
            throw new IllegalArgumentException("a checkpoint needs its generator config");
        }
        this.meta = meta.withFormat(FORMAT, VERSION);
        this.sections = new LinkedHashMap<>();
        sections.forEach((k, v) -> this.sections.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
    }

    /**
     * Reads a checkpoint, verifying each entry's CRC-32.
     *
     * @throws ZipException for a damaged archive (an entry that fails its CRC-32 or declares impossible sizes)
     * @throws IOException  for a file that is no fpa checkpoint, or is one of an unsupported format
     */
    public static Checkpoint read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such checkpoint file");
        }
        CheckpointMeta meta = null;
        Map<String, Map<String, NdArray>> sections = new LinkedHashMap<>();
        boolean torchArchive = false;
        try (CheckedZip zip = open(file)) {
            for (ZipEntry e : zip.entries()) {
                String name = e.getName();
                torchArchive |= name.endsWith("/data.pkl");
                if (name.equals(META)) {
                    meta = readMeta(zip.read(e, MAX_META_BYTES), file);
                } else if (name.endsWith(".npy") && name.indexOf('/') > 0) {
                    int slash = name.indexOf('/');
                    NdArray array = readArray(zip.read(e, Long.MAX_VALUE), file + ":" + name);
                    sections.computeIfAbsent(name.substring(0, slash), k -> new LinkedHashMap<>())
                            .put(name.substring(slash + 1, name.length() - 4), array);
                }
            }
        }
        if (meta == null) {
            throw new IOException(file + (torchArchive
                    ? ": is an official PyTorch checkpoint; convert it first with 'fpa import'"
                    : ": not an fpa checkpoint (no meta.json)"));
        }
        if (!FORMAT.equals(meta.format()) || meta.version() > VERSION) {
            throw new IOException(file + ": unsupported checkpoint format " + meta.format() + " v"
                    + meta.version() + " (this fpa reads " + FORMAT + " v" + VERSION + ")");
        }
        if (meta.config() == null || !meta.config().isObject()) {
            throw new IOException(file + ": checkpoint has no generator config");
        }
        return new Checkpoint(meta, sections);
    }

    private static CheckedZip open(Path file) throws IOException {
        try {
            return CheckedZip.open(file);
        } catch (ZipException e) {
            throw new IOException(file + ": not an fpa checkpoint (not a ZIP archive)");
        }
    }

    private static CheckpointMeta readMeta(byte[] json, Path file) throws IOException {
        try {
            if (JSON.readTree(json) instanceof ObjectNode meta) {
                return JSON.treeToValue(meta, CheckpointMeta.class);
            }
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IOException(file + ": meta.json does not describe a checkpoint ("
                    + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        throw new IOException(file + ": meta.json is not a JSON object");
    }

    /** An .npy entry whose bytes passed their CRC-32; numpy's header inside may still be malformed. */
    private static NdArray readArray(byte[] npy, String source) throws IOException {
        try {
            return Npy.read(new ByteArrayInputStream(npy), source);
        } catch (IllegalArgumentException | ArithmeticException | NegativeArraySizeException e) {
            throw new IOException(source + ": not a valid .npy array (" + e.getMessage() + ")", e);
        }
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

    /** The description (its JSON parts are shared: do not change them). */
    public CheckpointMeta meta() {
        return meta;
    }

    public boolean has(String section) {
        return sections.containsKey(section);
    }

    /** The tensors of a section by official name; an error naming the section when it is absent. */
    public Map<String, NdArray> section(String name) {
        Map<String, NdArray> s = sections.get(name);
        if (s == null) {
            throw new IllegalArgumentException("checkpoint has no " + name + " weights (it has "
                    + "" + sections.keySet() + ")");
        }
        return s;
    }

    public GeneratorConfig generatorConfig() {
        return GeneratorConfig.fromTrainerArgs(meta.config()).config();
    }

    /** The model type recorded in the config. */
    public String modelType() {
        return generatorConfig().modelType();
    }
}
