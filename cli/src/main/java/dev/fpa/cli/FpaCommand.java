package dev.fpa.cli;

import dev.fpa.runtime.io.FileErrors;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.util.List;
import java.util.Properties;
import dev.fpa.server.ServeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code fpa} command: parses, dispatches to one subcommand, and turns failures into one-line errors. */
@Command(name = "fpa",
        mixinStandardHelpOptions = true,
        versionProvider = FpaCommand.Version.class,
        description = {"Fast Weight Painters: train, export and run painters that draw images as weight matrices.",
                "",
                "Exit codes: 0 success, 1 failure (bad input, I/O), 2 bad usage."})
public final class FpaCommand implements Runnable {
    /** Every command, in the order the usage lists them; only the one a command line names is built. */
    private static final CommandTree COMMANDS = CommandTree.of(FpaCommand.class,
            CommandTree.of(DataCommand.class, CommandTree.of(DataCommand.Info.class),
                    CommandTree.of(DataCommand.Preview.class)),
            CommandTree.of(ImportCommand.class),
            CommandTree.of(TrainCommand.class),
            CommandTree.of(ExportCommand.class),
            CommandTree.of(GenerateCommand.class),
            CommandTree.of(PaintCommand.class),
            CommandTree.of(InterpolateCommand.class),
            CommandTree.of(StatsCommand.class),
            CommandTree.of(FidCommand.class),
            CommandTree.of(FidModelCommand.class),
            CommandTree.of(TrainFeaturesCommand.class),
            CommandTree.of(ZooCommand.class, CommandTree.of(ZooCommand.ListCommand.class),
                    CommandTree.of(ZooCommand.InfoCommand.class), CommandTree.of(ZooCommand.VerifyCommand.class),
                    CommandTree.of(ZooAddCommand.class)),
            CommandTree.of(ServeCommand.class),
            CommandTree.of(BenchCommand.class, CommandTree.of(BenchCommand.Generate.class),
                    CommandTree.of(BenchTrainCommand.class), CommandTree.of(BenchFidCommand.class),
                    CommandTree.of(BenchServeCommand.class)),
            CommandTree.of(DoctorCommand.class),
            CommandTree.of(CommandLine.HelpCommand.class));

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "On errors, print the stack trace too.")
    boolean verbose;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the command line with the given output streams and returns the exit code (0, 1 or 2). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return commandLine(out, err, args).execute(args);
    }

    /** The command line for {@code args}: the commands they reach, with fpa's output streams and error handling. */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, String... args) {
        // the subcommands first: the settings below reach only the subcommands present when they are made
        CommandLine cli = COMMANDS.build(args);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler(new ErrorReporter());
        cli.setExecutionStrategy(FpaCommand::executeWithinLimits);
        cli.setParameterExceptionHandler(FpaCommand::reportUsageError);
        cli.setUsageHelpAutoWidth(true);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli;
    }

    /**
     * Runs the chosen subcommand, turning the two JVM errors a hostile input can still provoke into ordinary
     * failures, so the user sees one line (and the stack trace with --verbose) instead of a JVM crash report.
     */
    private static int executeWithinLimits(CommandLine.ParseResult parsed) {
        try {
            return new CommandLine.RunLast().execute(parsed);
        } catch (OutOfMemoryError e) {
            throw new CommandLine.ExecutionException(parsed.commandSpec().commandLine(), "ran out of memory (the input "
                    + "is larger than this JVM's heap allows; raise it with FPA_JAVA_OPTS=-Xmx...)", e);
        } catch (StackOverflowError e) {
            throw new CommandLine.ExecutionException(parsed.commandSpec().commandLine(),
                    "the input is nested too deeply to be read", e);
        }
    }

    /** A bad flag or value: one line naming it and where to read the usage, exit code 2. */
    private static int reportUsageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        List<String> suggestions = e instanceof CommandLine.UnmatchedArgumentException u ? u.getSuggestions()
                : List.of();
        cmd.getErr().println("fpa: error: " + e.getMessage() + (suggestions.isEmpty() ? ""
                : "; did you mean " + oneOf(suggestions) + "?") + " (see '"
                + cmd.getCommandSpec().qualifiedName() + " --help')");
        cmd.getErr().flush();
        return CommandLine.ExitCode.USAGE;
    }

    /** "a", "a or b", "a, b or c". */
    private static String oneOf(List<String> words) {
        int last = words.size() - 1;
        return last == 0 ? words.get(0) : String.join(", ", words.subList(0, last)) + " or " + words.get(last);
    }

    /** Reads the version Maven wrote into the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        /** fpa's version, as recorded in the files it writes. */
        static String number() throws IOException {
            Properties p = new Properties();
            try (InputStream in = FpaCommand.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return p.getProperty("version", "unknown");
        }

        @Override
        public String[] getVersion() throws IOException {
            return new String[] {"fpa " + number(),
                    "Java " + System.getProperty("java.version") + " on " + System.getProperty("os.name") + " "
                            + System.getProperty("os.arch")};
        }
    }

    /** One line on stderr and exit code 1; the stack trace only with --verbose. */
    static final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
            PrintWriter err = cmd.getErr();
            if (verbose(parsed)) {
                e.printStackTrace(err);
            }
            err.println("fpa: error: " + describe(e));
            err.flush();
            return e instanceof CommandLine.ParameterException ? CommandLine.ExitCode.USAGE
                    : CommandLine.ExitCode.SOFTWARE;
        }

        private static boolean verbose(CommandLine.ParseResult parsed) {
            for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
                if (p.hasMatchedOption("--verbose")) {
                    return true;
                }
            }
            return false;
        }

        private static String describe(Throwable e) {
            Throwable t = e;
            while ((t.getMessage() == null || t.getMessage().isBlank() || t instanceof UncheckedIOException)
                    && t.getCause() != null) {
                t = t.getCause();
            }
            if (t instanceof FileSystemException f) {
                return fileProblem(f);
            }
            String m = t.getMessage();
            if (m == null || m.isBlank()) {
                // a message-less exception is a bug of ours, not the user's input: no class name, a way to learn more
                return "unexpected internal failure; rerun with --verbose for the details";
            }
            String line = m.lines().findFirst().orElse(m);
            // the JDK's own messages for these ("/ by zero", "Index 0 out of bounds") describe our bug, not the input
            return t instanceof ArithmeticException || t instanceof IndexOutOfBoundsException
                    || t instanceof NullPointerException || t instanceof ClassCastException
                    ? "unexpected internal failure (" + line + "); rerun with --verbose for the details" : line;
        }

        /** The JDK's file-system exceptions carry only the path as their message; say what went wrong. */
        private static String fileProblem(FileSystemException f) {
            return f.getFile() + (f.getOtherFile() != null ? " -> " + f.getOtherFile() : "") + ": "
                    + FileErrors.describe(f);
        }
    }
}
