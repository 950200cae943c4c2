package dev.fpa.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fpa.runtime.generate.Device;
import dev.fpa.runtime.generate.Painter;
import dev.fpa.runtime.latent.LatentSampler;
import dev.fpa.server.inference.BinaryTensorData;
import dev.fpa.server.inference.ModelBatcher;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Open Inference Protocol against a real server: metadata as the Triton repository declares it, inference by
 * seed and by z giving exactly the images of the library (and of {@code fpa generate --seeds}), batching of
 * concurrent requests, and each kind of bad request answered with its status and a JSON reason.
 */
class InferenceProtocolTest {
    private static final ModelBatcher.Limits LIMITS = new ModelBatcher.Limits(64, 200, 512, 40, 2);
    private static RunningServer server;
    private static Painter v2;
    private static Painter base;

    @BeforeAll
    static void start() throws Exception {
        server = RunningServer.start(LIMITS, "fmnist-v2", "fmnist-base");
        v2 = Painter.open("zoo:fmnist-v2", new Painter.Options(Device.CPU, 1, 16));
        base = Painter.open("zoo:fmnist-base", new Painter.Options(Device.CPU, 1, 16));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        v2.close();
        base.close();
    }

    @Test
    void healthAndMetadataFollowTheProtocolAndTheTritonRepository() throws Exception {
        assertEquals(200, server.get("/v2/health/live").statusCode());
        assertEquals(200, server.get("/v2/health/ready").statusCode());
        assertEquals("[\"fpa_seed\",\"binary_tensor_data\"]", server.getJson("/v2").get("extensions").toString());
        assertEquals(200, server.get("/v2/models/fmnist-v2/ready").statusCode());
        JsonNode m = server.getJson("/v2/models/fmnist-v2");
        assertEquals("z", m.get("inputs").get(0).get("name").asText());
        assertEquals(RunningServer.JSON.readTree("[-1, 128]"), m.get("inputs").get(0).get("shape"));
        assertEquals(RunningServer.JSON.readTree("[-1, 1, 32, 32]"), m.get("outputs").get(0).get("shape"));
        assertEquals("frames", m.get("outputs").get(2).get("name").asText());
        assertEquals(RunningServer.JSON.readTree("[-1, 32, 1, 32, 32]"), m.get("outputs").get(2).get("shape"));
        JsonNode b = server.getJson("/v2/models/fmnist-base/versions/1");
        assertTrue(b.get("inputs").size() > 1, "the baseline declares its noise inputs: " + b.get("inputs"));
        assertEquals(2, b.get("outputs").size(), "the baseline has no frames");
    }

    @Test
    void seedsGiveTheImagesOfTheLibrary() throws Exception {
        long[] seeds = {0, 7, 123456789012L};
        for (String model : List.of("fmnist-v2", "fmnist-base")) {
            JsonNode answer = infer(model, "{\"id\": \"r1\", \"inputs\": [{\"name\": \"seed\", \"shape\": [3], "
                    + "\"datatype\": \"INT64\", \"data\": [0, 7, 123456789012]}]}");
            Painter painter = model.equals("fmnist-v2") ? v2 : base;
            assertEquals("r1", answer.get("id").asText());
            assertEquals(RunningServer.JSON.readTree("[3, 1, 32, 32]"), answer.get("outputs").get(0).get("shape"));
            assertArrayEquals(painter.generate(seeds).images(), floats(answer, "image"), model);
            assertArrayEquals(painter.generate(seeds).raw(), floats(answer, "raw"), model);
        }
    }

    @Test
    void latentsAndNoiseAsTheGraphTakesThem() throws Exception {
        float[] z = LatentSampler.sample(5, 2, 128);
        ObjectNode request = RunningServer.JSON.createObjectNode();
        request.putArray("inputs").add(tensor("z", z, 2, 128));
        request.putArray("outputs").addObject().put("name", "raw");
        JsonNode answer = infer("fmnist-v2", request.toString());
        assertEquals(1, answer.get("outputs").size());
        assertArrayEquals(v2.generate(z, 2, 0).raw(), floats(answer, "raw"));
        // nested data is the same tensor
        String nested = "{\"inputs\": [{\"name\": \"z\", \"shape\": [2, 128], \"datatype\": \"FP32\", \"data\": ["
                + RunningServer.JSON.writeValueAsString(slice(z, 0)) + ", "
                + RunningServer.JSON.writeValueAsString(slice(z, 1)) + "]}], \"outputs\": [{\"name\": \"raw\"}]}";
        assertArrayEquals(floats(answer, "raw"), floats(infer("fmnist-v2", nested), "raw"));

        // The baseline with z takes its noise maps as inputs, as in Triton.
        Painter.Inputs inputs = base.inputsFor(z, 2, 9);
        ObjectNode withNoise = RunningServer.JSON.createObjectNode();
        ArrayNode list = withNoise.putArray("inputs");
        list.add(tensor("z", z, 2, 128));
        int offset = 0;
        int perSample = inputs.noise().length / 2;
        for (var e : base.noiseShapes().entrySet()) {
            long[] shape = e.getValue().clone();
            shape[0] = 2;
            int size = (int) (shape[1] * shape[2] * shape[3]);
            float[] values = new float[2 * size];
            for (int i = 0; i < 2; i++) {
                System.arraycopy(inputs.noise(), i * perSample + offset, values, i * size, size);
            }
            list.add(tensor(e.getKey(), values, shape));
            offset += size;
        }
        assertArrayEquals(base.generate(inputs).images(), floats(infer("fmnist-base", withNoise.toString()),
                "image"));
        ObjectNode noNoise = RunningServer.JSON.createObjectNode();
        noNoise.putArray("inputs").add(tensor("z", z, 2, 128));
        assertEquals(400, server.post("/v2/models/fmnist-base/infer", noNoise.toString()).statusCode());
    }

    /** The binary tensor data extension, as Triton's HTTP client uses it: binary inputs in, binary outputs back. */
    @Test
    void binaryTensorDataInAndOut() throws Exception {
        long[] seeds = {4, 5};
        String seedJson = "{\"inputs\": [{\"name\": \"seed\", \"shape\": [2], \"datatype\": \"INT64\", "
                + "\"parameters\": {\"binary_data_size\": 16}}], \"parameters\": {\"binary_data_output\": true}}";
        HttpResponse<byte[]> r = postBinary("fmnist-v2", seedJson, le(seeds));
        assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        assertEquals("application/octet-stream", r.headers().firstValue("Content-Type").orElse(""));
        Map<String, float[]> binary = new HashMap<>();
        JsonNode answer = binaryAnswer(r, binary);
        assertEquals(4 * 2 * 32 * 32, answer.get("outputs").get(0).get("parameters").get("binary_data_size").asInt());
        assertArrayEquals(v2.generate(seeds).images(), binary.get("image"));
        assertArrayEquals(v2.generate(seeds).raw(), binary.get("raw"));

        // binary z in; the image back as binary data, raw as JSON
        float[] z = LatentSampler.sample(8, 2, 128);
        String zJson = "{\"inputs\": [{\"name\": \"z\", \"shape\": [2, 128], \"datatype\": \"FP32\", "
                + "\"parameters\": {\"binary_data_size\": 1024}}], \"outputs\": [{\"name\": \"image\", "
                + "\"parameters\": {\"binary_data\": true}}, {\"name\": \"raw\"}]}";
        binary.clear();
        answer = binaryAnswer(postBinary("fmnist-v2", zJson, le(z)), binary);
        assertArrayEquals(v2.generate(z, 2, 0).images(), binary.get("image"));
        assertArrayEquals(v2.generate(z, 2, 0).raw(), floats(answer, "raw"));

        // sizes that do not add up are refused with a reason
        assertError(400, postBinary("fmnist-v2", seedJson, new byte[8]));
        assertError(400, postBinary("fmnist-v2", seedJson, new byte[24]));
        assertError(400, postBinary("fmnist-v2", zJson, new byte[1024 * 2]));
        assertError(400, server.post("/v2/models/fmnist-v2/infer", seedJson.getBytes(StandardCharsets.UTF_8),
                BinaryTensorData.HEADER_LENGTH, "100000"));
        assertError(400, server.post("/v2/models/fmnist-v2/infer", seedJson.getBytes(StandardCharsets.UTF_8),
                BinaryTensorData.HEADER_LENGTH, "many"));
        float[] nan = z.clone();
        nan[7] = Float.NaN;
        assertError(400, postBinary("fmnist-v2", zJson, le(nan)));
    }

    @Test
    void framesAreThoseOfThePainting() throws Exception {
        JsonNode answer = infer("fmnist-v2", "{\"inputs\": [{\"name\": \"seed\", \"shape\": [1], \"datatype\": "
                + "\"INT64\", \"data\": [3]}], \"outputs\": [{\"name\": \"frames\"}]}");
        assertArrayEquals(v2.paint(3), floats(answer, "frames"));
    }

    @Test
    void sixtyFourConcurrentClientsGetTheirOwnImagesAndShareRuns() throws Exception {
        double before = counter("fpa_batch_images_count{model=\"fmnist-v2\"}");
        int clients = 64;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<JsonNode>> answers = new ArrayList<>();
            for (int r = 0; r < clients; r++) {
                int first = 100 + 4 * r;
                answers.add(pool.submit(() -> infer("fmnist-v2", "{\"inputs\": [{\"name\": \"seed\", \"shape\": [4],"
                        + " \"datatype\": \"INT64\", \"data\": [" + first + ", " + (first + 1) + ", " + (first + 2)
                        + ", " + (first + 3) + "]}]}")));
            }
            for (int r = 0; r < clients; r++) {
                long[] seeds = {100 + 4 * r, 101 + 4 * r, 102 + 4 * r, 103 + 4 * r};
                assertArrayEquals(v2.generate(seeds).images(), floats(answers.get(r).get(), "image"));
            }
        } finally {
            pool.shutdownNow();
        }
        double runs = counter("fpa_batch_images_count{model=\"fmnist-v2\"}") - before;
        assertTrue(runs < clients, clients + " concurrent requests must share runs, took " + runs);
    }

    @Test
    void badRequestsGetTheirStatusAndAReason() throws Exception {
        assertError(400, server.post("/v2/models/fmnist-v2/infer", "{not json"));
        assertError(400, server.post("/v2/models/fmnist-v2/infer", "{\"inputs\": [{\"name\": \"z\", \"shape\": "
                + "[1, 5], \"datatype\": \"FP32\", \"data\": [1, 2, 3, 4, 5]}]}"));
        assertError(400, server.post("/v2/models/fmnist-v2/infer", "{\"inputs\": [{\"name\": \"seed\", \"shape\": "
                + "[2], \"datatype\": \"INT64\", \"data\": [1]}]}"));
        assertError(400, server.post("/v2/models/fmnist-v2/infer", "{\"inputs\": [{\"name\": \"seed\", \"shape\": "
                + "[1], \"datatype\": \"INT64\", \"data\": [1]}], \"outputs\": [{\"name\": \"image\", "
                + "\"parameters\": {\"binary_data\": \"yes\"}}]}"));
        assertError(404, server.post("/v2/models/nope/infer", "{}"));
        assertError(405, server.get("/v2/models/fmnist-v2/infer"));
        assertError(413, server.post("/v2/models/fmnist-v2/infer", "{\"inputs\": [{\"name\": \"seed\", \"shape\": "
                + "[41], \"datatype\": \"INT64\", \"data\": []}]}"));
        assertError(413, server.post("/v2/models/fmnist-v2/infer", "x".repeat(2 << 20)));
        assertEquals(400, server.get("/models/fmnist-base/paint?seed=1").statusCode());
        assertEquals(400, server.get("/models/fmnist-v2/image.png?seed=-1").statusCode());
        assertError(413, server.get("/models/fmnist-v2/walk.png?from=0&to=1&frames=64&zoom=16"));
        assertEquals(200, server.get("/v2/health/live").statusCode(), "the server goes on after bad requests");
    }

    @Test
    void slowAndVanishedClientsDoNotStopTheOthers() throws Exception {
        URI uri = URI.create(server.url("/"));
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                // announces a body it never finishes sending
                Socket s = new Socket(uri.getHost(), uri.getPort());
                s.getOutputStream().write(("POST /v2/models/fmnist-v2/infer HTTP/1.1\r\nHost: x\r\n"
                        + "Content-Length: 100000\r\n\r\n{\"inputs\": [").getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                slow.add(s);
            }
            try (Socket gone = new Socket(uri.getHost(), uri.getPort())) {
                gone.getOutputStream().write(("POST /v2/models/fmnist-v2/infer HTTP/1.1\r\nHost: x\r\n"
                        + "Content-Length: 5000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
            }
            JsonNode answer = infer("fmnist-v2", "{\"inputs\": [{\"name\": \"seed\", \"shape\": [1], "
                    + "\"datatype\": \"INT64\", \"data\": [11]}]}");
            assertArrayEquals(v2.generate(new long[] {11}).images(), floats(answer, "image"));
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
    }

    private static void assertError(int status, HttpResponse<?> response) throws Exception {
        assertEquals(status, response.statusCode(), String.valueOf(response.body()));
        String body = response.body() instanceof byte[] bytes ? new String(bytes) : (String) response.body();
        assertTrue(RunningServer.JSON.readTree(body).get("error").asText().length() > 5, body);
    }

    private static HttpResponse<byte[]> postBinary(String model, String json, byte[] binary) throws Exception {
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        byte[] body = ByteBuffer.allocate(header.length + binary.length).put(header).put(binary).array();
        return server.post("/v2/models/" + model + "/infer", body, BinaryTensorData.HEADER_LENGTH,
                Integer.toString(header.length));
    }

    /** The JSON part of an answer with binary data; each binary output's values go into {@code binary}. */
    private static JsonNode binaryAnswer(HttpResponse<byte[]> r, Map<String, float[]> binary) throws Exception {
        assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        int length = Integer.parseInt(r.headers().firstValue(BinaryTensorData.HEADER_LENGTH).orElseThrow());
        JsonNode answer = RunningServer.JSON.readTree(new String(r.body(), 0, length, StandardCharsets.UTF_8));
        ByteBuffer data = ByteBuffer.wrap(r.body(), length, r.body().length - length).order(ByteOrder.LITTLE_ENDIAN);
        for (JsonNode o : answer.get("outputs")) {
            if (o.has("parameters")) {
                float[] v = new float[o.get("parameters").get("binary_data_size").asInt() / Float.BYTES];
                data.asFloatBuffer().get(v);
                data.position(data.position() + v.length * Float.BYTES);
                binary.put(o.get("name").asText(), v);
            }
        }
        assertEquals(0, data.remaining(), "bytes beyond the outputs' binary_data_size");
        return answer;
    }

    private static byte[] le(long[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        return b.array();
    }

    private static byte[] le(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return b.array();
    }

    private static JsonNode infer(String model, String body) throws Exception {
        HttpResponse<String> r = server.post("/v2/models/" + model + "/infer", body);
        assertEquals(200, r.statusCode(), r.body());
        return RunningServer.JSON.readTree(r.body());
    }

    private static double counter(String name) throws Exception {
        for (String line : new String(server.get("/metrics").body()).split("\n")) {
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(name.length() + 1));
            }
        }
        return 0;
    }

    private static float[] floats(JsonNode answer, String output) {
        for (JsonNode o : answer.get("outputs")) {
            if (o.get("name").asText().equals(output)) {
                JsonNode data = o.get("data");
                float[] v = new float[data.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = data.get(i).floatValue();
                }
                return v;
            }
        }
        throw new AssertionError("no output " + output + " in " + answer);
    }

    private static ObjectNode tensor(String name, float[] values, long... shape) {
        ObjectNode t = RunningServer.JSON.createObjectNode().put("name", name).put("datatype", "FP32");
        ArrayNode s = t.putArray("shape");
        for (long v : shape) {
            s.add(v);
        }
        ArrayNode data = t.putArray("data");
        for (float v : values) {
            data.add(v);
        }
        return t;
    }

    private static float[] slice(float[] z, int row) {
        float[] r = new float[128];
        System.arraycopy(z, row * 128, r, 0, 128);
        return r;
    }
}
