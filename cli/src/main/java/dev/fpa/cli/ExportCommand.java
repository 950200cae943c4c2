package dev.fpa.cli;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.fpa.runtime.io.Sha256;
import dev.fpa.trainer.export.OnnxExporter;
import dev.fpa.trainer.export.TritonRepository;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fpa export}: a generator becomes one self-describing ONNX file with the painting unrolled. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export a generator to ONNX (opset 17) for 'fpa generate --model', 'fpa paint' and any ONNX "
                + "Runtime: input z (N, latent), outputs image (clamped to [0,1]) and raw; the model describes itself "
                + "in its metadata.",
                "The input is an fpa checkpoint or an official model_N.pt (converted on the fly like 'fpa import', "
                        + "with the same --config and model flags)."})
final class ExportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "CKPT|OFFICIAL.pt", description = "An fpa checkpoint or an official checkpoint.")
    Path input;

    @Option(names = "--out", required = true, paramLabel = "MODEL.onnx", description = "The ONNX file to write.")
    Path out;

    @Mixin
    GeneratorChoice generator = new GeneratorChoice();

    @Option(names = "--frames", description = "Also output the painting frames (N, F, C, S, S) that 'fpa paint' "
            + "draws: the normalised rank-1 updates and the partial images. ONNX Runtime then computes them on every "
            + "run, so leave this out for models that only generate.")
    boolean frames;

    @Option(names = "--triton", paramLabel = "DIR", description = "Also write a Triton Inference Server model "
            + "repository entry DIR/<name>/ (config.pbtxt and 1/model.onnx), named after the --out file.")
    Path triton;

    @Option(names = "--max-batch-size", defaultValue = "64", paramLabel = "B",
            description = "Triton's max_batch_size (default: ${DEFAULT-VALUE}).")
    int maxBatchSize;

    @Mixin
    ModelOptions model;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OutputGuard.of(spec).file("--out", out).check();
        String section = generator.section();
        PrintWriter console = spec.commandLine().getOut();
        ModelProto onnx = OnnxExporter.export(model.readCheckpoint(input, console), section, frames,
                Sha256.ofFile(input), FpaCommand.Version.number());
        OnnxExporter.write(onnx, out);
        console.printf("wrote %s: %s (%s), %d nodes%s%n", out, onnx.getGraph().getName(), section,
                onnx.getGraph().getNodeCount(), frames ? ", with painting frames" : "");
        if (triton != null) {
            String name = out.getFileName().toString().replaceFirst("\\.onnx$", "");
            console.printf("wrote Triton model %s%n", TritonRepository.write(triton, name, onnx, maxBatchSize));
        }
        return 0;
    }

    /** Our checkpoint as it is; anything else must be an official one, converted in memory. */
}
