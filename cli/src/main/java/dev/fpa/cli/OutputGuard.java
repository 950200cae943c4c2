package dev.fpa.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Checks a command's outputs before it starts work: no output may be one of the command's inputs (compared by real
 * path, so a link or another spelling is caught), and each output's folder must exist or be creatable and take a
 * new file. Inputs are every other option or parameter of the command (mixins included) that names an existing
 * file, so a new option is covered without being listed here.
 */
final class OutputGuard {
    private final CommandSpec spec;
    private final Map<String, Path> files = new LinkedHashMap<>();
    private final Map<String, Path> folders = new LinkedHashMap<>();
    private final Map<String, Path> inputFolders = new LinkedHashMap<>();

    private OutputGuard(CommandSpec spec) {
        this.spec = spec;
    }

    static OutputGuard of(CommandSpec spec) {
        return new OutputGuard(spec);
    }

    /** An output file, named by the option that gives it; null (option not given) is ignored. */
    OutputGuard file(String option, Path path) {
        if (path != null) {
            files.put(option, path);
        }
        return this;
    }

    /** An output folder whose files the command writes. */
    OutputGuard folder(String option, Path path) {
        if (path != null) {
            folders.put(option, path);
        }
        return this;
    }

    /**
     * An input folder that the output folders must stay out of: a run writing into its own data would read its
     * samples back as data. Null is ignored.
     */
    OutputGuard notInside(String option, Path folder) {
        if (folder != null && Files.isDirectory(folder)) {
            inputFolders.put(option, folder);
        }
        return this;
    }

    /** Throws IOException with one line naming the option, the path and the problem. */
    void check() throws IOException {
        Map<String, Path> inputs = inputs(Set.copyOf(concat(files.keySet(), folders.keySet())));
        for (Map.Entry<String, Path> out : files.entrySet()) {
            refuseInput(out.getKey(), out.getValue(), inputs);
            requireWritable(out.getKey(), out.getValue(), out.getValue().toAbsolutePath().getParent());
        }
        for (Map.Entry<String, Path> out : folders.entrySet()) {
            refuseInsideInput(out.getKey(), out.getValue());
            requireWritable(out.getKey(), out.getValue(), out.getValue());
        }
    }

    private Map<String, Path> inputs(Set<String> outputOptions) {
        Map<String, Path> inputs = new LinkedHashMap<>();
        List<ArgSpec> args = new ArrayList<>(spec.options());
        args.addAll(spec.positionalParameters());
        for (ArgSpec arg : args) {
            String name = arg.isOption() ? ((OptionSpec) arg).longestName()
                    : arg.paramLabel();
            if (outputOptions.contains(name)) {
                continue;
            }
            for (Object value : values(arg.getValue())) {
                asExistingFile(value).ifPresent(p -> inputs.put(name, p));
            }
        }
        return inputs;
    }

    private static Collection<?> values(Object value) {
        return value instanceof Collection<?> c ? c : value == null ? List.of() : List.of(value);
    }

    /** Paths, and strings that name a file (model references may also be URLs or zoo names, which are skipped). */
    private static Optional<Path> asExistingFile(Object value) {
        try {
            Path p = value instanceof Path path ? path
                    : value instanceof String s && !s.contains(":") ? Path.of(s) : null;
            return p != null && Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    private static void refuseInput(String option, Path out, Map<String, Path> inputs) throws IOException {
        if (!Files.exists(out)) {
            return;
        }
        for (Map.Entry<String, Path> in : inputs.entrySet()) {
            if (Files.isSameFile(out, in.getValue())) {
                throw new IOException(option + " " + out + " is the input of " + in.getKey()
                        + "; refusing to overwrite it (choose another output)");
            }
        }
    }

    private void refuseInsideInput(String option, Path out) throws IOException {
        Path real = realPathOfExistingPart(out);
        for (Map.Entry<String, Path> in : inputFolders.entrySet()) {
            if (real.startsWith(in.getValue().toRealPath())) {
                throw new IOException(option + " " + out + " lies inside the input folder of " + in.getKey() + " "
                        + in.getValue() + "; choose a folder outside it");
            }
        }
    }

    /** The real path of a folder that may not exist yet: its nearest existing ancestor resolved, the rest appended. */
    private static Path realPathOfExistingPart(Path folder) throws IOException {
        Path abs = folder.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing == null ? abs : existing.toRealPath().resolve(existing.relativize(abs));
    }

    /** Creates the folder if needed and writes (then deletes) an empty file in it, which is what counts. */
    private static void requireWritable(String option, Path out, Path folder) throws IOException {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new IOException("cannot write " + option + " " + out + ": " + folder + " is a file, not a folder");
        }
        try {
            Files.createDirectories(folder);
            Files.delete(Files.createTempFile(folder, ".fpa-write-check", ".tmp"));
        } catch (IOException e) {
            throw new IOException("cannot write " + option + " " + out + ": folder " + folder + " is not writable", e);
        }
    }

    private static List<String> concat(Collection<String> a, Collection<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
