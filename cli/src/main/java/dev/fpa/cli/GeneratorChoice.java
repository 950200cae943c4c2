package dev.fpa.cli;

import dev.fpa.trainer.checkpoint.Checkpoint;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Which generator of a checkpoint to use, {@code --use ema|g}; shared by generate, export and zoo add. */
final class GeneratorChoice {
    @Option(names = "--use", defaultValue = "ema", paramLabel = "ema|g",
            description = "From a checkpoint: the EMA generator (GE, what FID uses) or the trained one (G). "
                    + "Default: ${DEFAULT-VALUE}.")
    String use;

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    /** The checkpoint section: {@link Checkpoint#EMA_GENERATOR} or {@link Checkpoint#GENERATOR}. */
    String section() {
        return Checkpoint.generatorSectionNamed(use).orElseThrow(() -> new CommandLine.ParameterException(
                spec.commandLine(), "--use must be ema or g"));
    }
}
