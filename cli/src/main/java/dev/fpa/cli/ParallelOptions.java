package dev.fpa.cli;

import dev.fpa.runtime.parallel.SubBatches;
import picocli.CommandLine.Option;

/** How ONNX Runtime uses the cores: parts of each batch at once (workers), and threads inside each operator. */
final class ParallelOptions {
    @Option(names = "--workers", converter = Counts.NonNegative.class, defaultValue = "0", paramLabel = "N",
            description = "Parts of each batch run at once on the CPU, one per worker; 0 = one per core. The "
                    + "images and features are the same bit for bit for any count (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--threads", converter = Counts.NonNegative.class, defaultValue = "0", paramLabel = "N",
            description = "ONNX Runtime threads per operator in each worker; 0 = 1 when several workers run, else "
                    + "ONNX Runtime's default, one per physical core (default: ${DEFAULT-VALUE}).")
    int threads;

    /** The workers to run: the flag, or one per core. */
    int workerCount() {
        return SubBatches.workersFor(workers);
    }

    /** For a summary line: what was asked, "auto" where the default applies. */
    String describe() {
        return "workers=" + workerCount() + " onnx-threads=" + (threads == 0 ? "auto" : threads);
    }
}
