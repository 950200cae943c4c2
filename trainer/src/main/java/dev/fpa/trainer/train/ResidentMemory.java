package dev.fpa.trainer.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;

/** The process's resident memory (RSS) as Linux reports it, which includes libtorch's native allocations. */
public final class ResidentMemory {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final String FIELD = "VmRSS:";
    private static final String PEAK_FIELD = "VmHWM:";
    private static final double KIB_PER_MIB = 1024;

    private ResidentMemory() {
    }

    /** Megabytes (MiB), or empty where /proc is not available. */
    public static OptionalDouble megabytes() {
        return field(FIELD);
    }

    /** The highest resident memory of the process so far (its high-water mark), in MiB. */
    public static OptionalDouble peakMegabytes() {
        return field(PEAK_FIELD);
    }

    private static OptionalDouble field(String field) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(field)) {
                    String kib = line.substring(field.length()).trim().split("\\s+")[0];
                    return OptionalDouble.of(Long.parseLong(kib) / KIB_PER_MIB);
                }
            }
        } catch (IOException | RuntimeException e) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.empty();
    }
}
