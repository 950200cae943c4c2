package dev.fpa.runtime.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Tests that need something a bare machine with Java and Maven lacks (Debian's full Fashion-MNIST, python3-onnx,
 * Chromium) ask here first. Where it is missing the test is skipped with the reason printed; with the environment
 * variable {@value #REQUIRE_ALL} set to {@code true} (as {@code .ci/run} does, after installing the packages) a
 * missing requirement fails the test instead, so CI proves every one of them.
 */
public final class OptionalRequirement {
    /** The switch that turns every skip below into a failure. */
    public static final String REQUIRE_ALL = "FPA_TESTS_REQUIRE_ALL";
    private static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    private OptionalRequirement() {
    }

    /** The full Fashion-MNIST (60,000 + 10,000 images) from Debian's dataset-fashion-mnist. */
    public static Path fullFashionMnist() {
        require(Files.isRegularFile(FASHION_MNIST.resolve("train-images-idx3-ubyte.gz"))
                        && Files.isRegularFile(FASHION_MNIST.resolve("t10k-labels-idx1-ubyte.gz")),
                "the full Fashion-MNIST is not installed at " + FASHION_MNIST
                        + " (apt-get install -y dataset-fashion-mnist)");
        return FASHION_MNIST;
    }

    /** /usr/bin/python3 with Debian's python3-onnx, for the official onnx.checker. */
    public static Path python3WithOnnx() {
        require(Files.isExecutable(PYTHON), PYTHON + " is missing (apt-get install -y python3-onnx)");
        require(exitsCleanly(PYTHON.toString(), "-c", "import onnx"),
                "python3-onnx is missing for " + PYTHON + " (apt-get install -y python3-onnx)");
        return PYTHON;
    }

    /** Debian's headless Chromium and its ChromeDriver, for tests of web pages in a real browser. */
    public static Path[] chromiumAndDriver() {
        Path chromium = Path.of("/usr/bin/chromium");
        Path driver = Path.of("/usr/bin/chromedriver");
        require(Files.isExecutable(chromium) && Files.isExecutable(driver),
                "Chromium or ChromeDriver is missing (apt-get install -y chromium chromium-driver)");
        return new Path[] {chromium, driver};
    }

    /** True when CI asked for every optional requirement to be present. */
    public static boolean allRequired() {
        return Boolean.parseBoolean(System.getenv(REQUIRE_ALL));
    }

    private static void require(boolean present, String reason) {
        if (present) {
            return;
        }
        if (allRequired()) {
            Assertions.fail(reason + "; " + REQUIRE_ALL + "=true makes it required");
        }
        System.out.println("SKIPPED: " + reason);
        Assumptions.abort(reason);
    }

    private static boolean exitsCleanly(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
