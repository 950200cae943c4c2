package dev.fpa.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs fpa in a separate JVM with a small heap, as a user's shell would, and records how long it took and how much
 * resident memory it peaked at. A hostile input that blows up memory then fails its test instead of swapping the
 * machine, and a JVM crash (an OutOfMemoryError escaping) shows up as what the user would see.
 */
final class ForkedCli {
    /** The heap a forked run gets: far below what any hostile file could make a careless reader allocate. */
    static final String HEAP = "-Xmx512m";
    /** Longer than any case needs; a run still going then is a failure, and is killed. */
    private static final long TIMEOUT_SECONDS = 60;

    /** What a run did: exit code, stderr's lines, wall time and the peak resident set size. */
    record Result(int exitCode, String out, List<String> errLines, double seconds, long peakMegabytes) {
        String err() {
            return String.join("\n", errLines);
        }

        @Override
        public String toString() {
            return "exit " + exitCode + " in " + String.format("%.1f s, %d MB", seconds, peakMegabytes) + "; stderr: "
                    + err();
        }
    }

    private final Path workDir;
    private final List<String> properties;

    ForkedCli(Path workDir) {
        this(workDir, List.of());
    }

    private ForkedCli(Path workDir, List<String> properties) {
        this.workDir = workDir;
        this.properties = properties;
    }

    /** The same runner with one more system property ({@code -Dname=value}) for the forked JVM. */
    ForkedCli withProperty(String name, String value) {
        List<String> more = new ArrayList<>(properties);
        more.add("-D" + name + "=" + value);
        return new ForkedCli(workDir, more);
    }

    Result run(String... args) throws IOException, InterruptedException {
        return run(null, args);
    }

    /**
     * @param whileRunning called with the process once started (to send it a signal, say); may be null
     */
    Result run(ProcessAction whileRunning, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(javaBinary(), HEAP, "-XX:+UseSerialGC",
                "-Dai.djl.offline=true"));
        command.addAll(properties);
        // Maven's long test class path, as is: the runtime survives long command lines (OnnxEnvironmentTest)
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), FpaCommand.class.getName()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(workDir, "out", ".txt");
        Path err = Files.createTempFile(workDir, "err", ".txt");
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        PeakMemory peak = new PeakMemory(p.pid());
        peak.start();
        if (whileRunning != null) {
            whileRunning.accept(p, out);
        }
        boolean ended = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        peak.interrupt();
        peak.join();
        if (!ended) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("fpa " + String.join(" ", args) + " still ran after " + TIMEOUT_SECONDS + " s");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readAllLines(err, StandardCharsets.UTF_8), seconds, peak.megabytes());
    }

    /** Something done to the process while it runs, given the file its stdout goes to. */
    interface ProcessAction {
        void accept(Process process, Path stdout) throws IOException, InterruptedException;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Polls the kernel's high-water mark of the process's resident memory (VmHWM) until the process ends. */
    private static final class PeakMemory extends Thread {
        private final Path status;
        private volatile long kilobytes;

        PeakMemory(long pid) {
            status = Path.of("/proc", Long.toString(pid), "status");
            setDaemon(true);
        }

        @Override
        public void run() {
            while (!isInterrupted()) {
                try {
                    for (String line : Files.readAllLines(status)) {
                        if (line.startsWith("VmHWM:")) {
                            kilobytes = Math.max(kilobytes, Long.parseLong(line.replaceAll("[^0-9]", "")));
                        }
                    }
                    Thread.sleep(20);
                } catch (IOException e) {
                    return; // the process has ended
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        long megabytes() {
            return kilobytes / 1024;
        }
    }
}
