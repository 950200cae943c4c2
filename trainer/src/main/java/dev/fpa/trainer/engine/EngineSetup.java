package dev.fpa.trainer.engine;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.LibUtils;
import dev.fpa.runtime.setup.Finding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What the training side finds on this machine: DJL, the libtorch it loaded and from where, the GPUs libtorch sees,
 * and the two native settings that decide whether training here is right and fast (DESIGN.md §12): the oneDNN
 * instruction-set cap on CPUs that report no cache sizes, and the memory allocator.
 */
public final class EngineSetup {
    private static final String ENGINE = "PyTorch";
    private static final Path CACHE_INFO = Path.of("/sys/devices/system/cpu/cpu0/cache/index0");
    private static final String ISA_CAP = "ONEDNN_MAX_CPU_ISA";
    /** Caps at which oneDNN was measured right on such CPUs. */
    private static final Set<String> SAFE_CAPS = Set.of("AVX", "SSE41", "DEFAULT");

    private EngineSetup() {
    }

    public static List<Finding> report() {
        List<Finding> out = new ArrayList<>();
        try {
            Engine engine = Engine.getEngine(ENGINE);
            out.add(Finding.ok("DJL", Engine.getDjlVersion() + ", engine " + engine.getEngineName() + " "
                    + engine.getVersion()));
            out.add(Finding.ok("libtorch", LibUtils.getVersion() + " from " + LibUtils.getLibtorchPath()));
            int gpus = engine.getGpuCount();
            out.add(Finding.ok("GPUs (libtorch)", gpus == 0 ? "none: training runs on the CPU"
                    : gpus + " visible; --device auto takes gpu:0"));
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            out.add(Finding.problem("libtorch", "does not load: " + e.getMessage()));
        }
        out.add(oneDnnWarning().map(w -> Finding.problem("oneDNN", w)).orElseGet(() -> Finding.ok("oneDNN",
                Files.exists(CACHE_INFO) ? "this CPU reports its cache sizes; no cap needed"
                        : "no cache sizes reported; capped at " + System.getenv(ISA_CAP))));
        out.add(Finding.ok("memory allocator", allocator()));
        return out;
    }

    /**
     * A warning when libtorch would compute wrong numbers here: a CPU without cache information and oneDNN not capped
     * (run through the ./fpa launcher, which caps it).
     */
    public static Optional<String> oneDnnWarning() {
        return oneDnnWarning(Files.exists(CACHE_INFO), System.getenv(ISA_CAP));
    }

    /** The same for a CPU that does or does not report cache sizes and a given cap (null: none). */
    static Optional<String> oneDnnWarning(boolean cacheInfo, String cap) {
        if (cacheInfo) {
            return Optional.empty();
        }
        if (cap != null && SAFE_CAPS.contains(cap.toUpperCase(Locale.ROOT))) {
            return Optional.empty();
        }
        return Optional.of("this CPU reports no cache sizes, and oneDNN then computes wrong numbers in its AVX2 and "
                + "AVX-512 kernels; run through ./fpa or set " + ISA_CAP + "=AVX (now "
                + (cap == null ? "unset" : cap) + ")");
    }

    /** Which allocator the process runs on, as the launcher set it up. */
    static String allocator() {
        try {
            boolean jemalloc = Files.readAllLines(Path.of("/proc/self/maps")).stream()
                    .anyMatch(line -> line.contains("libjemalloc"));
            if (jemalloc) {
                return "jemalloc (" + Optional.ofNullable(System.getenv("MALLOC_CONF")).orElse("default settings")
                        + ")";
            }
        } catch (IOException e) {
            return "unknown (no /proc/self/maps)";
        }
        String threshold = System.getenv("MALLOC_MMAP_THRESHOLD_");
        return threshold != null ? "glibc, keeping freed memory (MALLOC_MMAP_THRESHOLD_=" + threshold + ")"
                : "glibc with its defaults: training steps fault their memory in again and again (run through "
                        + "./fpa, which tunes it)";
    }
}
