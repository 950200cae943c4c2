package dev.fpa.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.fpa.server.http.AccessLog;
import dev.fpa.server.http.Exchange;
import dev.fpa.server.http.HttpError;
import dev.fpa.server.http.ServerMetrics;
import dev.fpa.server.inference.InferenceProtocol;
import dev.fpa.server.inference.ServedModel;
import dev.fpa.server.web.BrowserRoutes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP server: the JDK's own {@code com.sun.net.httpserver} (no extra dependency, and its thread-per-request
 * model fits a server whose work happens in the model's batcher), routing to the inference protocol, the pages for
 * people, and {@code /metrics}. Every failure becomes a status and a one-line JSON reason.
 */
public final class FpaServer implements AutoCloseable {
    /** Where and how to listen. */
    public record Options(String host, int port, int handlerThreads, AccessLog accessLog) {
    }

    /** Seconds a client may take to send a whole request. */
    private static final long MAX_REQUEST_SECONDS = 30;

    private final HttpServer http;
    private final ExecutorService handlers;
    private final Map<String, ServedModel> models;
    private final InferenceProtocol inference;
    private final BrowserRoutes browser;
    private final ServerMetrics metrics = new ServerMetrics();
    private final AccessLog accessLog;

    private FpaServer(HttpServer http, ExecutorService handlers, Map<String, ServedModel> models, String version,
            AccessLog accessLog) {
        this.http = http;
        this.handlers = handlers;
        this.models = models;
        this.inference = new InferenceProtocol(models, version);
        this.browser = new BrowserRoutes(models);
        this.accessLog = accessLog;
        models.values().forEach(m -> {
            m.batcher().report(metrics);
            metrics.loaded(m.name(), m.loadSeconds());
        });
    }

    /** Starts serving the models; the server owns them from here on and closes them. */
    public static FpaServer start(Options o, List<ServedModel> served, String version) throws IOException {
        Map<String, ServedModel> models = new LinkedHashMap<>();
        for (ServedModel m : served) {
            if (models.put(m.name(), m) != null) {
                throw new IllegalArgumentException("two models are named " + m.name());
            }
        }
        // Without TCP_NODELAY the JDK server's separate writes of headers and body meet the client's delayed ACK:
        // 40 ms added to every small answer (measured: 16 requests/s for one client instead of hundreds).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        // A client that takes longer than this to send its request is cut off, so slow clients cannot hold the
        // request threads for ever; answers (the painting events) have no such limit.
        System.setProperty("sun.net.httpserver.maxReqTime", Long.toString(MAX_REQUEST_SECONDS));
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(o.host(), o.port()), 0);
        } catch (IOException e) {
            throw new IOException("cannot listen on " + o.host() + ":" + o.port() + ": " + e.getMessage(), e);
        }
        AtomicInteger count = new AtomicInteger();
        ExecutorService handlers = Executors.newFixedThreadPool(o.handlerThreads(), task -> {
            Thread t = new Thread(task, "fpa-http-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(handlers);
        FpaServer server = new FpaServer(http, handlers, models, version, o.accessLog());
        http.createContext("/", server::serve);
        http.start();
        return server;
    }

    /** The port it listens on (the one picked when 0 was asked for). */
    public int port() {
        return http.getAddress().getPort();
    }

    public List<String> modelNames() {
        return new ArrayList<>(models.keySet());
    }

    private void serve(HttpExchange raw) {
        long start = System.nanoTime();
        Exchange e = new Exchange(raw);
        String path = e.path();
        String route = "unknown";
        try {
            if (path.equals("/metrics")) {
                route = "metrics";
                e.requireMethod("GET");
                e.send(200, "text/plain; version=0.0.4", metrics.text().getBytes(StandardCharsets.UTF_8));
            } else if (inference.handles(path)) {
                route = inference.route(path);
                inference.handle(e);
            } else if (browser.route(path) != null) {
                route = browser.route(path);
                browser.handle(e);
            } else {
                throw new HttpError(HttpError.NOT_FOUND, "no such page: " + path);
            }
        } catch (HttpError error) {
            reply(e, error);
        } catch (IllegalArgumentException error) {
            reply(e, new HttpError(HttpError.BAD_REQUEST, error.getMessage()));
        } catch (IOException | UncheckedIOException error) {
            // the client went away mid-answer: nothing left to tell it
            if (e.status() == 0) {
                reply(e, new HttpError(500, "could not answer: " + error.getMessage()));
            }
        } catch (RuntimeException error) {
            reply(e, new HttpError(500, "internal error: " + error));
        } finally {
            double seconds = (System.nanoTime() - start) / 1e9;
            metrics.request(route, e.status(), seconds);
            if (accessLog != null) {
                accessLog.log(e, seconds * 1e3);
            }
            e.close();
        }
    }

    private static void reply(Exchange e, HttpError error) {
        if (e.status() != 0) {
            return; // headers already went out (an event stream): the connection just ends
        }
        try {
            e.sendError(error);
        } catch (IOException ignored) {
            // the client is gone
        }
    }

    @Override
    public void close() throws IOException {
        stop(0);
    }

    /** Stops accepting, waits up to {@code graceSeconds} for requests in flight, then frees the models. */
    public void stop(int graceSeconds) throws IOException {
        http.stop(graceSeconds);
        handlers.shutdownNow();
        for (ServedModel m : models.values()) {
            m.close();
        }
        if (accessLog != null) {
            accessLog.close();
        }
    }
}
