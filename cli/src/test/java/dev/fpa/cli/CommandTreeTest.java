package dev.fpa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CommandTreeTest {
    private static final List<String> ALL = List.of("data", "import", "train", "export", "generate", "paint",
            "interpolate", "stats", "fid", "fid-model", "train-features", "zoo", "serve", "bench", "doctor", "help");

    private static CommandLine built(String... args) {
        return FpaCommand.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), args);
    }

    @Test
    void aNamedCommandIsTheOnlyOneBuilt() {
        assertEquals(Set.of("generate"), built("generate", "--num", "4").getSubcommands().keySet());
        assertEquals(Set.of("generate"), built("--verbose", "generate").getSubcommands().keySet());
        CommandLine zoo = built("zoo", "list").getSubcommands().get("zoo");
        assertEquals(Set.of("list"), zoo.getSubcommands().keySet());
        assertEquals(Set.of("train"), built("bench", "train", "--config", "cpu-small").getSubcommands().get("bench")
                .getSubcommands().keySet());
    }

    @Test
    void helpAndUnknownOrMissingNamesBuildTheWholeTreeInUsageOrder() {
        for (String[] args : new String[][] {{}, {"--help"}, {"help", "generate"}, {"generat"}}) {
            CommandLine cli = built(args);
            assertEquals(ALL, List.copyOf(cli.getSubcommands().keySet()), String.join(" ", args));
            assertEquals(4, cli.getSubcommands().get("zoo").getSubcommands().size());
        }
        assertEquals(4, built("bench").getSubcommands().get("bench").getSubcommands().size());
    }

    @Test
    void helpForACommandAndErrorsStillWork() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, FpaCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), "help", "generate"));
        assertTrue(out.toString().startsWith("Usage: fpa generate"), out.toString());
        assertEquals(2, FpaCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), "generat"));
        assertTrue(err.toString().contains("did you mean generate, interpolate or train-features?"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, FpaCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), "zoo", "lst"));
        assertTrue(err.toString().contains("did you mean list?"), err.toString());
    }
}
