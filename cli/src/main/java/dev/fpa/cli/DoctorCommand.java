package dev.fpa.cli;

import dev.fpa.runtime.setup.Finding;
import dev.fpa.runtime.setup.RuntimeSetup;
import dev.fpa.trainer.data.DatasetOptions;
import dev.fpa.trainer.engine.EngineSetup;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code fpa doctor}: what a user needs to debug a setup, one line per thing checked. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Check this machine and build: Java and OS, ONNX Runtime and its execution providers, the FID "
                + "kernels (OpenBLAS or EJML), the model zoos and their checksums, DJL and libtorch (version, where "
                + "it was loaded from, the GPUs it sees), the oneDNN cap and the memory allocator, and the data "
                + "cache folder.",
                "Exit code 0 when nothing is wrong, 1 when a line says PROBLEM."})
final class DoctorCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<Finding> findings = new ArrayList<>(RuntimeSetup.report());
        findings.addAll(EngineSetup.report());
        findings.add(Finding.ok("data cache", DatasetOptions.defaultCacheDir().toString()));
        int width = findings.stream().mapToInt(f -> f.topic().length()).max().orElse(0);
        for (Finding f : findings) {
            out.printf("%-" + width + "s  %s%s%n", f.topic(), f.problem() ? "PROBLEM: " : "", f.detail());
        }
        out.flush();
        return findings.stream().anyMatch(Finding::problem) ? 1 : 0;
    }
}
