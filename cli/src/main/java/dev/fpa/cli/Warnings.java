package dev.fpa.cli;

import dev.fpa.trainer.engine.EngineSetup;
import dev.fpa.runtime.image.SkippedFile;
import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;

/** Warnings shown once per command. */
final class Warnings {
    private static final int NAMED = 5;

    private Warnings() {
    }

    /** Before libtorch computes: one line when it would compute wrong numbers on this CPU (DESIGN.md §12). */
    static void engine(PrintWriter err) {
        EngineSetup.oneDnnWarning().ifPresent(w -> {
            err.println("fpa: warning: " + w);
            err.flush();
        });
    }

    /** One line: how many files were skipped, and the first few with their reasons. */
    static void skippedFiles(PrintWriter err, List<SkippedFile> skipped) {
        if (skipped.isEmpty()) {
            return;
        }
        String named = skipped.stream().limit(NAMED).map(f -> f.source() + " (" + f.reason() + ")")
                .collect(Collectors.joining("; "));
        String more = skipped.size() > NAMED ? "; and " + (skipped.size() - NAMED) + " more" : "";
        err.printf("fpa: warning: skipped %d unreadable file(s): %s%s%n", skipped.size(), named, more);
        err.flush();
    }
}
