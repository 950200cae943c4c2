package dev.fpa.server.inference;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fpa.server.http.HttpError;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;

/**
 * The Open Inference Protocol's binary tensor data extension, as Triton and KServe have it: a body is a JSON header
 * of {@value #HEADER_LENGTH} bytes followed by the raw data of the tensors that carry a {@value #SIZE} parameter,
 * in the order the JSON lists them, little-endian and row-major. Triton's own HTTP client sends its inputs this
 * way by default, and binary outputs spare the server and the client the decimal text of every float.
 */
public final class BinaryTensorData {
    /** The header giving the JSON part's length; absent, the whole body is JSON. */
    public static final String HEADER_LENGTH = "Inference-Header-Content-Length";
    /** The parameter of an input or output tensor sent as binary data: its size in bytes. */
    public static final String SIZE = "binary_data_size";
    /** The media type of a body that carries binary data. */
    public static final String MEDIA_TYPE = "application/octet-stream";

    private BinaryTensorData() {
    }

    /** The length of a body's JSON header: the header's value, or the whole body when the header is absent. */
    public static int jsonLength(String headerValue, int bodyLength) {
        if (headerValue == null) {
            return bodyLength;
        }
        try {
            long length = Long.parseLong(headerValue.trim());
            if (length < 0 || length > bodyLength) {
                throw bad(HEADER_LENGTH + " is " + length + ", but the body holds " + bodyLength + " bytes");
            }
            return (int) length;
        } catch (NumberFormatException e) {
            throw bad(HEADER_LENGTH + " is not a byte count: " + headerValue);
        }
    }

    /**
     * Each binary input's bytes by name, cut from {@code binary} (the body after the JSON header) in the order the
     * inputs are listed; every byte must belong to exactly one input.
     */
    static Map<String, ByteBuffer> inputs(JsonNode inputs, ByteBuffer binary) {
        Map<String, ByteBuffer> data = new HashMap<>();
        int offset = 0;
        for (JsonNode t : inputs) {
            JsonNode size = t.path("parameters").path(SIZE);
            if (size.isMissingNode()) {
                continue;
            }
            String name = t.path("name").asText("");
            if (!size.canConvertToLong() || size.asLong() < 0) {
                throw bad("input " + name + " has an invalid " + SIZE + ": " + size);
            }
            if (t.has("data")) {
                throw bad("input " + name + " has both \"data\" and " + SIZE);
            }
            if (size.asLong() > binary.remaining() - offset) {
                throw bad("input " + name + " has " + SIZE + " " + size.asLong() + ", but only "
                        + (binary.remaining() - offset) + " bytes of binary data are left");
            }
            data.put(name, binary.slice(binary.position() + offset, size.asInt()));
            offset += size.asInt();
        }
        if (offset != binary.remaining()) {
            throw bad("the body holds " + binary.remaining() + " bytes of binary data after the JSON, but the inputs' "
                    + SIZE + " add up to " + offset);
        }
        return data;
    }

    /** {@code count} values of {@code bytesPerValue} bytes each, little-endian, or a 400 naming the input. */
    static ByteBuffer sized(String name, ByteBuffer data, long count, int bytesPerValue) {
        if (data.remaining() != count * bytesPerValue) {
            throw bad("input " + name + " has " + data.remaining() + " bytes of binary data where its shape and "
                    + "datatype take " + count * bytesPerValue);
        }
        return data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** FP32 values as the extension sends them. */
    static byte[] bytes(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return b.array();
    }

    private static HttpError bad(String message) {
        return new HttpError(HttpError.BAD_REQUEST, message);
    }
}
