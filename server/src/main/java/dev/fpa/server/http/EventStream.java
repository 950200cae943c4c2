package dev.fpa.server.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.LongConsumer;

/** A Server-Sent Events stream: named events with one line of JSON data each. */
public final class EventStream implements AutoCloseable {
    private final OutputStream out;
    private final LongConsumer written;

    EventStream(OutputStream out, LongConsumer written) {
        this.out = out;
        this.written = written;
    }

    /** Sends one event; {@code json} must be one line (JSON as Jackson writes it is). */
    public void send(String event, String json) throws IOException {
        byte[] bytes = ("event: " + event + "\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8);
        out.write(bytes);
        out.flush();
        written.accept(bytes.length);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
