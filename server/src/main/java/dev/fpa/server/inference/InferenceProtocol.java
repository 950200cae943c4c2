package dev.fpa.server.inference;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fpa.runtime.generate.ModelDescription;
import dev.fpa.runtime.generate.Painter;
import dev.fpa.server.http.Exchange;
import dev.fpa.server.http.HttpError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Open Inference Protocol (KServe v2) over REST: server and model health, server and model metadata, and
 * inference. Inputs and outputs carry the ONNX graph's names and shapes, as the Triton repository of
 * {@code fpa export --triton} declares them, so a request body works against both. Tensor data travels as JSON
 * or, by the binary tensor data extension, as raw bytes after the JSON ({@link BinaryTensorData}).
 */
public final class InferenceProtocol {
    private static final String PREFIX = "/v2";
    private static final String MODELS = PREFIX + "/models/";
    /** A latent in JSON takes about 12 bytes per value; 64 per value leaves room for nesting and noise maps. */
    private static final long BYTES_PER_VALUE = 64;

    private final Map<String, ServedModel> models;
    private final String version;

    public InferenceProtocol(Map<String, ServedModel> models, String version) {
        this.models = models;
        this.version = version;
    }

    /** Whether this protocol answers the path. */
    public boolean handles(String path) {
        return path.equals(PREFIX) || path.startsWith(PREFIX + "/");
    }

    /** The route name for metrics. */
    public String route(String path) {
        if (path.startsWith(MODELS)) {
            return path.endsWith("/infer") ? "v2_infer" : path.endsWith("/ready") ? "v2_model_ready" : "v2_model";
        }
        return path.startsWith(PREFIX + "/health") ? "v2_health" : "v2_server";
    }

    public void handle(Exchange e) throws IOException {
        String path = e.path();
        switch (path) {
            case PREFIX, PREFIX + "/" -> {
                e.requireMethod("GET");
                ObjectNode server = Exchange.JSON.createObjectNode().put("name", "fpa").put("version", version);
                server.putArray("extensions").add("fpa_seed").add("binary_tensor_data");
                e.sendJson(200, server);
            }
            case PREFIX + "/health/live", PREFIX + "/health/ready" -> {
                e.requireMethod("GET");
                e.sendJson(200, Map.of(path.endsWith("live") ? "live" : "ready", true));
            }
            default -> model(e, path);
        }
    }

    private void model(Exchange e, String path) throws IOException {
        if (!path.startsWith(MODELS)) {
            throw new HttpError(HttpError.NOT_FOUND, "no such endpoint: " + path);
        }
        String[] parts = path.substring(MODELS.length()).split("/");
        ServedModel m = models.get(parts[0]);
        if (m == null) {
            throw new HttpError(HttpError.NOT_FOUND, "no model " + parts[0] + " (models: "
                    + String.join(", ", models.keySet()) + ")");
        }
        // "/versions/1" may name the only version there is
        int at = 1;
        if (parts.length > 2 && parts[1].equals("versions")) {
            if (!parts[2].equals("1")) {
                throw new HttpError(HttpError.NOT_FOUND, "model " + m.name() + " has only version 1");
            }
            at = 3;
        }
        String action = parts.length > at ? parts[at] : "";
        switch (action) {
            case "" -> {
                e.requireMethod("GET");
                e.sendJson(200, metadata(m));
            }
            case "ready" -> {
                e.requireMethod("GET");
                e.sendJson(200, Map.of("name", m.name(), "ready", true));
            }
            case "infer" -> {
                e.requireMethod("POST");
                infer(e, m);
            }
            default -> throw new HttpError(HttpError.NOT_FOUND, "no such endpoint: " + path);
        }
    }

    private ObjectNode metadata(ServedModel m) {
        ModelDescription d = m.description();
        ObjectNode o = Exchange.JSON.createObjectNode();
        o.put("name", m.name());
        o.putArray("versions").add("1");
        o.put("platform", "onnxruntime_onnx");
        ArrayNode inputs = o.putArray("inputs");
        tensor(inputs, ModelDescription.LATENTS, -1, d.latentDim());
        m.painter().noiseShapes().forEach((name, shape) -> {
            long[] s = shape.clone();
            s[0] = -1;
            tensor(inputs, name, s);
        });
        ArrayNode outputs = o.putArray("outputs");
        tensor(outputs, ModelDescription.IMAGE, -1, d.channels(), d.imageSize(), d.imageSize());
        tensor(outputs, ModelDescription.RAW, -1, d.channels(), d.imageSize(), d.imageSize());
        if (d.hasFrames()) {
            tensor(outputs, ModelDescription.FRAMES, -1, d.frames(), d.channels(), d.imageSize(), d.imageSize());
        }
        ObjectNode fpa = o.putObject("parameters");
        fpa.put("model_type", d.modelType());
        fpa.put("seed_input", "INT64 [-1]: replaces z (and the noise), giving the images of 'fpa generate --seeds'");
        return o;
    }

    /** A tensor's description, as metadata lists it and as an answer's output begins. */
    private static ObjectNode tensor(ArrayNode list, String name, long... shape) {
        ObjectNode t = list.addObject().put("name", name).put("datatype", "FP32");
        ArrayNode s = t.putArray("shape");
        for (long v : shape) {
            s.add(v);
        }
        return t;
    }

    private void infer(Exchange e, ServedModel m) throws IOException {
        ModelDescription d = m.description();
        int max = m.batcher().limits().maxRequestImages();
        long maxBytes = BYTES_PER_VALUE * max * Math.max(d.latentDim(), 1L) + (1 << 20);
        byte[] body = e.body(maxBytes);
        int jsonLength = BinaryTensorData.jsonLength(e.header(BinaryTensorData.HEADER_LENGTH), body.length);
        InferRequest request = InferRequest.parse(Exchange.json(body, jsonLength),
                ByteBuffer.wrap(body, jsonLength, body.length - jsonLength).slice(), m.painter(), max);
        int n = request.inputs().count();
        ObjectNode answer = Exchange.JSON.createObjectNode();
        answer.put("model_name", m.name());
        answer.put("model_version", "1");
        if (request.id() != null) {
            answer.put("id", request.id());
        }
        ArrayNode outputs = answer.putArray("outputs");
        Painter.Images images = null;
        if (request.outputs().stream().anyMatch(o -> !o.name().equals(ModelDescription.FRAMES))) {
            images = m.batcher().generate(request.inputs());
        }
        List<byte[]> binary = new ArrayList<>();
        for (InferRequest.Output o : request.outputs()) {
            switch (o.name()) {
                case ModelDescription.IMAGE -> output(outputs, o, binary, images.images(), n, d.channels(),
                        d.imageSize(), d.imageSize());
                case ModelDescription.RAW -> output(outputs, o, binary, images.raw(), n, d.channels(), d.imageSize(),
                        d.imageSize());
                default -> output(outputs, o, binary, m.painter().frames(request.inputs().latents(), n), n,
                        d.frames(), d.channels(), d.imageSize(), d.imageSize());
            }
        }
        if (binary.isEmpty()) {
            e.sendJson(200, answer);
            return;
        }
        byte[] json = Exchange.JSON.writeValueAsBytes(answer);
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length + binary.stream().mapToInt(b -> b.length)
                .sum());
        out.write(json);
        for (byte[] b : binary) {
            out.write(b);
        }
        e.answerHeader(BinaryTensorData.HEADER_LENGTH, Integer.toString(json.length));
        e.send(200, BinaryTensorData.MEDIA_TYPE, out.toByteArray());
    }

    /** An output's description and its data: JSON numbers, or binary data appended to {@code binary}. */
    private static void output(ArrayNode outputs, InferRequest.Output o, List<byte[]> binary, float[] values,
            long... shape) {
        ObjectNode t = tensor(outputs, o.name(), shape);
        if (o.binary()) {
            byte[] bytes = BinaryTensorData.bytes(values);
            t.putObject("parameters").put(BinaryTensorData.SIZE, bytes.length);
            binary.add(bytes);
        } else {
            ArrayNode data = t.putArray("data");
            for (float v : values) {
                data.add(v);
            }
        }
    }
}
