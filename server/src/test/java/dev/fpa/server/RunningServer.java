package dev.fpa.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fpa.runtime.generate.Device;
import dev.fpa.runtime.generate.Painter;
import dev.fpa.server.inference.ModelBatcher;
import dev.fpa.server.inference.ServedModel;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** A real server on a free loopback port, serving zoo models, and a client for it. */
final class RunningServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    private final FpaServer server;
    private final HttpClient client = HttpClient.newHttpClient();

    private RunningServer(FpaServer server) {
        this.server = server;
    }

    static RunningServer start(ModelBatcher.Limits limits, String... zooNames) throws IOException {
        List<ServedModel> models = new ArrayList<>();
        for (String name : zooNames) {
            Painter painter = Painter.open("zoo:" + name, new Painter.Options(Device.CPU, 0, limits.maxBatchSize(),
                    2));
            models.add(new ServedModel(name, "zoo model " + name, painter, limits, 0));
        }
        return new RunningServer(FpaServer.start(new FpaServer.Options("127.0.0.1", 0, 8, null), models, "test"));
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(url(path))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(url(path)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** POSTs bytes with the given header names and values. */
    HttpResponse<byte[]> post(String path, byte[] body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).POST(HttpRequest.BodyPublishers
                .ofByteArray(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    JsonNode getJson(String path) throws IOException, InterruptedException {
        return JSON.readTree(get(path).body());
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
