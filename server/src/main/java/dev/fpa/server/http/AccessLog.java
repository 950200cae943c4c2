package dev.fpa.server.http;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Locale;

/** One line per request: time, client, method, path, status, bytes and milliseconds, to a file or stdout. */
public final class AccessLog implements AutoCloseable {
    private final PrintStream out;
    private final boolean owned;

    private AccessLog(PrintStream out, boolean owned) {
        this.out = out;
        this.owned = owned;
    }

    /** "-" logs to standard output; any other value is a file appended to. */
    public static AccessLog open(String target) throws IOException {
        if (target.equals("-")) {
            return new AccessLog(System.out, false);
        }
        OutputStream file = Files.newOutputStream(Path.of(target), StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        return new AccessLog(new PrintStream(file, true, StandardCharsets.UTF_8), true);
    }

    public synchronized void log(Exchange e, double millis) {
        out.printf(Locale.ROOT, "%s %s %s %s %d %d %.1f%n", Instant.now(), e.remote(), e.method(), e.path(),
                e.status(), e.bytes(), millis);
    }

    @Override
    public void close() {
        if (owned) {
            out.close();
        }
    }
}
