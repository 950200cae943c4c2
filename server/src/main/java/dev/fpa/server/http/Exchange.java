package dev.fpa.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** One request and its reply: query parameters, a bounded body, JSON and binary answers, the status sent. */
public final class Exchange {
    /**
     * Jackson with its Schubfach float writer and fast float parser: an infer answer is thousands of floats (12,288
     * for a 64×64 RGB image), and the JDK's Float.toString made them a large share of a request's time.
     */
    public static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build();
    /** Most bytes of a refused body read and dropped. */
    private static final long DRAIN_LIMIT = 64L << 20;

    private final HttpExchange http;
    private final Map<String, String> query;
    private int status;
    private long bytes;

    public Exchange(HttpExchange http) {
        this.http = http;
        this.query = parseQuery(http.getRequestURI().getRawQuery());
    }

    public String method() {
        return http.getRequestMethod();
    }

    public String path() {
        return http.getRequestURI().getPath();
    }

    public String remote() {
        return http.getRemoteAddress() == null ? "-" : http.getRemoteAddress().getAddress().getHostAddress();
    }

    /** The status sent, 0 before any. */
    public int status() {
        return status;
    }

    /** Body bytes sent. */
    public long bytes() {
        return bytes;
    }

    public void requireMethod(String method) {
        if (!method.equals(method())) {
            throw new HttpError(HttpError.METHOD_NOT_ALLOWED, path() + " takes " + method + ", not " + method());
        }
    }

    /** A query parameter, or {@code fallback} when absent. */
    public String param(String name, String fallback) {
        return query.getOrDefault(name, fallback);
    }

    /** An integer parameter within [min, max]. */
    public long longParam(String name, long fallback, long min, long max) {
        String text = query.get(name);
        if (text == null) {
            return fallback;
        }
        try {
            long v = Long.parseLong(text.trim());
            if (v < min || v > max) {
                throw new HttpError(HttpError.BAD_REQUEST, name + " must be from " + min + " to " + max + ", got "
                        + v);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new HttpError(HttpError.BAD_REQUEST, name + " is not an integer: " + text);
        }
    }

    /** A request header, or null when absent. */
    public String header(String name) {
        return http.getRequestHeaders().getFirst(name);
    }

    /** Sets a header of the answer; call before sending it. */
    public void answerHeader(String name, String value) {
        http.getResponseHeaders().set(name, value);
    }

    /**
     * The body's bytes, refused (413) when longer than {@code maxBytes}. A refused body is read and dropped up to
     * {@link #DRAIN_LIMIT} bytes, so that the client, still sending, reads the answer instead of a reset connection;
     * beyond that the connection is simply closed.
     */
    public byte[] body(long maxBytes) throws IOException {
        try (InputStream in = http.getRequestBody()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (body.length > maxBytes) {
                byte[] sink = new byte[1 << 16];
                long dropped = 0;
                for (int n; dropped < DRAIN_LIMIT && (n = in.read(sink)) >= 0; ) {
                    dropped += n;
                }
                throw new HttpError(HttpError.TOO_LARGE, "the request body is larger than " + maxBytes + " bytes");
            }
            return body;
        }
    }

    /** The JSON object in the first {@code length} bytes of a body (400 when it is none). */
    public static JsonNode json(byte[] body, int length) {
        try {
            JsonNode node = JSON.readTree(body, 0, length);
            if (node == null || !node.isObject()) {
                throw new HttpError(HttpError.BAD_REQUEST, "the request body must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new HttpError(HttpError.BAD_REQUEST, "the request body is not valid JSON: "
                    + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
    }

    public void sendJson(int code, Object value) throws IOException {
        send(code, "application/json", JSON.writeValueAsBytes(value));
    }

    public void sendError(HttpError e) throws IOException {
        if (e.status() == HttpError.UNAVAILABLE) {
            http.getResponseHeaders().set("Retry-After", "1");
        }
        sendJson(e.status(), Map.of("error", e.getMessage()));
    }

    public void send(int code, String contentType, byte[] body) throws IOException {
        http.getResponseHeaders().set("Content-Type", contentType);
        http.getResponseHeaders().set("Cache-Control", "no-store");
        status = code;
        http.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = http.getResponseBody()) {
                out.write(body);
            }
        }
        bytes = body.length;
    }

    /** Starts a Server-Sent Events stream; each event is flushed as it is written. */
    public EventStream events() throws IOException {
        http.getResponseHeaders().set("Content-Type", "text/event-stream");
        http.getResponseHeaders().set("Cache-Control", "no-store");
        status = 200;
        http.sendResponseHeaders(200, 0);
        return new EventStream(http.getResponseBody(), n -> bytes += n);
    }

    public void close() {
        http.close();
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            q.put(key, value);
        }
        return q;
    }
}
