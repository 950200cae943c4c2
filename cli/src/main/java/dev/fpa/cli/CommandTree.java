package dev.fpa.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The command tree of {@code fpa}, built only as far as the arguments reach. Picocli builds the model of every
 * subcommand declared in {@code @Command(subcommands = ...)} up front, by reflection over hundreds of options: that
 * took 0.6–0.9 s of every run, more than {@code fpa generate} needs for its work. Here a command's subcommands are
 * declared as children, and only the one the arguments name is built; help, an unknown name or a missing one builds
 * them all, so usage messages and suggestions are the same as with the eager tree.
 */
final class CommandTree {
    private final Class<?> command;
    private final List<CommandTree> children;

    private CommandTree(Class<?> command, List<CommandTree> children) {
        this.command = command;
        this.children = children;
    }

    /** A command and its subcommands, in the order their usage lists them. */
    static CommandTree of(Class<?> command, CommandTree... children) {
        return new CommandTree(command, List.of(children));
    }

    /** This command's line with the subcommands {@code args} reach (all of them where it names none it knows). */
    CommandLine build(String... args) {
        return build(new CommandLine(command), args, 0);
    }

    private CommandLine build(CommandLine line, String[] args, int from) {
        if (children.isEmpty()) {
            return line;
        }
        Optional<Integer> named = subcommandIndex(line, args, from);
        Optional<CommandTree> chosen = named.flatMap(i -> children.stream()
                .filter(c -> c.names().contains(args[i]) && c.command != CommandLine.HelpCommand.class)
                .findFirst());
        if (chosen.isPresent()) {
            CommandTree child = chosen.get();
            line.addSubcommand(child.build(new CommandLine(child.command), args, named.get() + 1));
        } else {
            for (CommandTree child : children) {
                line.addSubcommand(child.build(new CommandLine(child.command), new String[0], 0));
            }
        }
        return line;
    }

    /** Where the first argument that is neither an option of this command nor an option's value stands. */
    private static Optional<Integer> subcommandIndex(CommandLine line, String[] args, int from) {
        for (int i = from; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("-") || arg.equals("-")) {
                return Optional.of(i);
            }
            if (arg.equals("--")) {
                return Optional.empty();
            }
            OptionSpec option = arg.contains("=") ? null : line.getCommandSpec().findOption(arg);
            if (option != null && option.arity().min() > 0) {
                i++; // its value follows
            }
        }
        return Optional.empty();
    }

    private List<String> names() {
        Command annotation = command.getAnnotation(Command.class);
        String[] aliases = annotation.aliases();
        String[] all = Arrays.copyOf(aliases, aliases.length + 1);
        all[aliases.length] = annotation.name();
        return List.of(all);
    }
}
