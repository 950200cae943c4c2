package dev.fpa.runtime.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fpa.runtime.testing.HostileModels;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * ONNX Runtime matches its telemetry's regular expressions against the command line when it creates its
 * environment, and the regex engine's recursion grows with that line: on a 7 kB class path it overflowed the JVM's
 * 1 MB main-thread stack and killed the process with a segmentation fault (seen starting {@code fpa serve} with a
 * test class path). A child JVM with a 30 kB class path and a 1 MB main stack must open a painter and paint.
 */
class OnnxEnvironmentTest {
    private static final int PADDING_ENTRIES = 30;

    @Test
    void aPainterOpensInAProcessWithALongCommandLine() throws Exception {
        StringBuilder classPath = new StringBuilder(System.getProperty("java.class.path"));
        for (int i = 0; i < PADDING_ENTRIES; i++) {
            classPath.append(File.pathSeparator).append("/nonexistent/").append(i).append("/").append("x".repeat(1000));
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(List.of(java, "-Xss1m", "-cp", classPath.toString(),
                Probe.class.getName(), HostileModels.shippedZoo().resolve("fmnist-v2.onnx").toString()))
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child did not finish");
        assertEquals(0, child.exitValue(), "exit code " + child.exitValue() + " (139: a segmentation fault): "
                + output);
        assertTrue(output.contains("painted 2048 values"), output);
    }

    /** The child: opens the painter from its main thread and paints two samples. */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            try (Painter p = Painter.open(Path.of(args[0]), new Painter.Options(Device.CPU, 1, 2))) {
                System.out.println("painted " + p.generate(new long[] {1, 2}).images().length + " values");
            }
        }
    }
}
