package dev.fpa.cli;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.fpa.runtime.io.AtomicFiles;
import dev.fpa.runtime.io.Sha256;
import dev.fpa.trainer.export.FidInceptionExporter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fpa fid-model}: pytorch-fid's Inception weights become the ONNX feature model that FID runs on. */
@Command(name = "fid-model", mixinStandardHelpOptions = true,
        description = {"Build pytorch-fid's FID-Inception-v3 (version 0.3.0, pool3, 2048 features) as an ONNX feature "
                + "model from its weights file, in pure Java: nothing is downloaded.",
                "The model takes RGB images in [0,1] of any size, resizes them to 299x299 (bilinear, "
                        + "align_corners=False, no antialias) and scales them to [-1,1] as pytorch-fid does; its "
                        + "metadata (fpa.feature.*) tells fpa's FID how to feed it.",
                "Prints the output's SHA-256, which FID statistics files record."})
final class FidModelCommand implements Callable<Integer> {
    @Option(names = "--weights", required = true, paramLabel = "FILE.pth",
            description = "pytorch-fid's state dict, pt_inception-2015-12-05-6726825d.pth (from its GitHub "
                    + "release fid_weights, or torch.hub's cache ~/.cache/torch/hub/checkpoints/); legacy and zip "
                    + "torch.save formats are both read, without running any code from the file.")
    Path weights;

    @Option(names = "--out", required = true, paramLabel = "MODEL.onnx",
            description = "The ONNX file to write (replaced atomically; folders are created).")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ModelProto model = FidInceptionExporter.export(weights, FpaCommand.Version.number());
        byte[] bytes = model.toByteArray();
        AtomicFiles.write(out, bytes);
        spec.commandLine().getOut().printf("wrote %s: %s, %d nodes, %.1f MB, sha256 %s%n", out,
                FidInceptionExporter.NETWORK, model.getGraph().getNodeCount(), bytes.length / 1e6, Sha256.of(bytes));
        return 0;
    }
}
