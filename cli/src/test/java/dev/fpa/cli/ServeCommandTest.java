package dev.fpa.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fpa.runtime.image.ImageData;
import dev.fpa.runtime.image.ImageDecoder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fpa serve} as a user starts it (a forked JVM, {@code --port 0}): it prints its port, its image.png and the
 * last step of its painting events are the PNGs {@code fpa generate --seeds} and {@code fpa paint} compute for the
 * seed, it keeps serving after a bad request, and SIGTERM ends it with exit code 0.
 */
class ServeCommandTest {
    private static final Pattern LISTENING = Pattern.compile("listening on http://([^/]+)/");

    @TempDir
    Path dir;

    @Test
    void servesTheImagesOfGenerateAndStopsCleanlyOnSigterm() throws Exception {
        Path expected = dir.resolve("grid.png");
        CliRunner cli = new CliRunner();
        assertEquals(0, cli.run("generate", "--model", "zoo:fmnist-v2", "--seeds", "7", "--grid",
                expected.toString(), "--nrow", "1"), cli.err());
        byte[][] answers = new byte[3][];
        ForkedCli.Result r = new ForkedCli(dir).run((process, stdout) -> {
            try {
                ask(awaitAddress(stdout), answers);
            } finally {
                process.destroy(); // SIGTERM
            }
        }, "serve", "--port", "0", "--model", "zoo:fmnist-v2");
        assertEquals(0, r.exitCode(), r.toString());
        // the grid of one image has a 2-pixel border; image.png is the bare 32x32 sample: compare decoded pixels
        assertArrayEquals(cropped(Files.readAllBytes(expected)), decoded(answers[0]));
        String events = new String(answers[1]);
        assertTrue(events.contains("event: step") && events.trim().endsWith("data: {\"seed\": 7}"), events);
        String metrics = new String(answers[2]);
        assertTrue(metrics.contains("fpa_requests_total{route=\"v2_infer\",status=\"400\"} 1"), metrics);
        assertTrue(metrics.contains("fpa_model_load_seconds{model=\"fmnist-v2\"}"), metrics);
    }

    /** A bad request first (the server must go on), then a sample, a painting's events and the metrics. */
    private static void ask(String address, byte[][] answers) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        assertEquals(200, client.send(get(address, "/v2/health/ready"), HttpResponse.BodyHandlers.discarding())
                .statusCode());
        assertEquals(400, client.send(HttpRequest.newBuilder(URI.create("http://" + address
                + "/v2/models/fmnist-v2/infer")).POST(HttpRequest.BodyPublishers.ofString("[]")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode());
        answers[0] = client.send(get(address, "/models/fmnist-v2/image.png?seed=7"),
                HttpResponse.BodyHandlers.ofByteArray()).body();
        answers[1] = client.send(get(address, "/models/fmnist-v2/paint?seed=7&delay=0"),
                HttpResponse.BodyHandlers.ofByteArray()).body();
        answers[2] = client.send(get(address, "/metrics"), HttpResponse.BodyHandlers.ofByteArray()).body();
    }

    private static HttpRequest get(String address, String path) {
        return HttpRequest.newBuilder(URI.create("http://" + address + path)).build();
    }

    private static String awaitAddress(Path stdout) throws IOException, InterruptedException {
        for (int i = 0; i < 600; i++) {
            Matcher m = LISTENING.matcher(Files.readString(stdout));
            if (m.find()) {
                return m.group(1);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("fpa serve never said where it listens: " + Files.readString(stdout));
    }

    private static byte[] decoded(byte[] png) throws Exception {
        return ImageDecoder.decode(png).pixels();
    }

    /** The sample inside a one-image grid (2-pixel padding). */
    private static byte[] cropped(byte[] gridPng) throws Exception {
        ImageData grid = ImageDecoder.decode(gridPng);
        int c = grid.channels();
        byte[] out = new byte[32 * 32 * c];
        for (int y = 0; y < 32; y++) {
            System.arraycopy(grid.pixels(), ((y + 2) * grid.width() + 2) * c, out, y * 32 * c, 32 * c);
        }
        return out;
    }
}
