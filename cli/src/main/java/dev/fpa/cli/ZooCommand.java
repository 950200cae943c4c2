package dev.fpa.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fpa.runtime.zoo.ModelZoo;
import dev.fpa.runtime.zoo.ZooEntry;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import java.util.ArrayList;

/** {@code fpa zoo}: the trained models shipped with fpa, and the user's own. */
@Command(name = "zoo", mixinStandardHelpOptions = true,
        description = {"The model zoo: trained ONNX models with model cards, usable as zoo:NAME wherever a model is "
                + "accepted. The built-in zoo ships with fpa; 'fpa zoo add' fills your own ($FPA_ZOO_DIR, else "
                + "$XDG_DATA_HOME/fpa/zoo or ~/.local/share/fpa/zoo)."})
final class ZooCommand implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "give a subcommand: list, info, verify or add");
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the models of every zoo.")
    static final class ListCommand implements Callable<Integer> {
        @CommandLine.Option(names = "--markdown", description = "A Markdown table of the generators with the "
                + "FID, KID, precision and recall their cards report (the README gallery's table).")
        boolean markdown;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            if (markdown) {
                table(out);
                return 0;
            }
            for (ModelZoo zoo : ModelZoo.all()) {
                out.printf("%s zoo (%d models)%n", zoo.location(), zoo.entries().size());
                String def = zoo.defaultGenerator().orElse("");
                for (ZooEntry e : zoo.entries()) {
                    out.printf("  %-24s %-10s %s%s%n", e.name(), e.kind(), e.summary(),
                            e.name().equals(def) ? " [default]" : "");
                }
            }
            return 0;
        }
    }

    /**
     * One row per generator: model type, training steps and time, FID, KID, precision and recall with the
     * measurement's setting.
     */
    private static void table(PrintWriter out) throws IOException {
        out.println("| model | type | training steps | training time (h) | FID | KID | precision / recall | measured "
                + "with |");
        out.println("|---|---|---|---|---|---|---|---|");
        for (ModelZoo zoo : ModelZoo.all()) {
            for (ZooEntry e : zoo.entries()) {
                if (!e.kind().equals(ZooEntry.GENERATOR)) {
                    continue;
                }
                JsonNode card = JSON.readTree(zoo.text(e.cardJson()));
                JsonNode eval = card.path("evaluation");
                out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s |%n", e.name(),
                        card.path("architecture").path("model_type").asText(),
                        card.path("training").path("steps").asText("?"),
                        card.path("training").has("wall_time_hours") ? String.format(Locale.ROOT, "%.2f",
                                card.path("training").path("wall_time_hours").asDouble()) : "?",
                        eval.has("fid") ? String.format(Locale.ROOT, "%.2f", eval.get("fid").asDouble()) : "—",
                        eval.has("kid") ? String.format(Locale.ROOT, "%.4f ± %.4f", eval.get("kid").asDouble(),
                                eval.path("kid_std").asDouble()) : "—",
                        eval.has("precision") ? String.format(Locale.ROOT, "%.3f / %.3f (k = %d)",
                                eval.get("precision").asDouble(), eval.path("recall").asDouble(),
                                eval.path("precision_recall_k").asInt()) : "—",
                        eval.has("fid") ? eval.path("num_images").asText() + " samples vs "
                                + eval.path("num_reference").asText() + " references, "
                                + eval.path("features").asText() : "");
            }
        }
    }

    @Command(name = "info", mixinStandardHelpOptions = true, description = "Print a model's card.")
    static final class InfoCommand implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", description = "The model's zoo name.")
        String name;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            List<String> known = new ArrayList<>();
            for (ModelZoo zoo : ModelZoo.all()) {
                var entry = zoo.entry(name);
                if (entry.isPresent()) {
                    spec.commandLine().getOut().print(zoo.text(entry.get().card()));
                    return 0;
                }
                zoo.entries().forEach(e -> known.add(e.name()));
            }
            throw new IOException("no zoo model named '" + name + "'; available: " + String.join(", ", known));
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check the SHA-256 of every file of every zoo against its index; a mismatch is an error.")
    static final class VerifyCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            int files = 0;
            List<String> problems = new ArrayList<>();
            for (ModelZoo zoo : ModelZoo.all()) {
                problems.addAll(zoo.verify().stream().map(p -> zoo.location() + ": " + p).toList());
                files += zoo.entries().stream().mapToInt(e -> e.files().size()).sum();
            }
            if (!problems.isEmpty()) {
                throw new IOException(problems.size() + " zoo file(s) do not match their checksums: "
                        + String.join("; ", problems));
            }
            out.printf("all %d zoo files match their SHA-256%n", files);
            return 0;
        }
    }
}
