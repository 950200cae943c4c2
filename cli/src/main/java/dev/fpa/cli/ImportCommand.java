package dev.fpa.cli;

import dev.fpa.trainer.imports.OfficialImporter;
import dev.fpa.trainer.checkpoint.Checkpoint;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fpa import}: an official PyTorch checkpoint becomes an fpa checkpoint, without Python. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Convert an official fpainter checkpoint (model_N.pt) into an fpa checkpoint.",
                "The file is read without running anything from it. Sizes missing from the configuration are "
                        + "inferred from the tensor shapes (and reported); flags such as --use-softmax, which leave "
                        + "no trace in the weights, must come from --config or the command line."})
final class ImportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "OFFICIAL.pt", description = "An official checkpoint written by torch.save.")
    Path official;

    @Option(names = "--out", required = true, paramLabel = "CKPT", description = "The fpa checkpoint to write.")
    Path out;

    @Mixin
    ModelOptions model;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OutputGuard.of(spec).file("--out", out).check();
        OfficialImporter.Result result = OfficialImporter.convert(official, model.toOfficialArgs());
        PrintWriter console = spec.commandLine().getOut();
        result.notes().forEach(n -> console.println("note: " + n));
        Checkpoint ckpt = result.checkpoint();
        ckpt.write(out);
        StringBuilder parts = new StringBuilder();
        for (String s : new String[] {Checkpoint.GENERATOR, Checkpoint.EMA_GENERATOR, Checkpoint.DISCRIMINATOR}) {
            if (ckpt.has(s)) {
                Map<String, ?> tensors = ckpt.section(s);
                parts.append(parts.length() == 0 ? "" : ", ").append(s).append(" (").append(tensors.size())
                        .append(" tensors)");
            }
        }
        console.printf("wrote %s: %s, %s%n", out, ckpt.modelType(), parts);
        return 0;
    }
}
