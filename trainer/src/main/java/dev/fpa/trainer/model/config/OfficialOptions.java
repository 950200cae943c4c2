package dev.fpa.trainer.model.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Configuration records keyed by official option names (the generator, discriminator and training configs) share
 * one way of being changed: a JSON object of official names laid over a complete record, where keys the record does
 * not hold are handed back to the caller, because one official argument dict configures all three.
 */
public final class OfficialOptions {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OfficialOptions() {
    }

    /** {@code base} with the known keys of {@code changes} replaced; the other keys are added to {@code unknown}. */
    public static <T> T merge(T base, Class<T> type, JsonNode changes, List<String> unknown) {
        if (!changes.isObject()) {
            throw new IllegalArgumentException("options must be a JSON object, got " + changes.getNodeType());
        }
        ObjectNode merged = toJson(base);
        for (Iterator<Map.Entry<String, JsonNode>> it = changes.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (merged.has(e.getKey())) {
                merged.set(e.getKey(), e.getValue());
            } else {
                unknown.add(e.getKey());
            }
        }
        try {
            return JSON.treeToValue(merged, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid options: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * A record read from a JSON resource next to {@code type} that names every option: defaults are written by
     * option name, not by position, and a missing or unknown name fails at class load instead of shifting values.
     */
    public static <T> T defaultsFrom(String resource, Class<T> type) {
        try (InputStream in = type.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource + " next to " + type.getName());
            }
            return JSON.readerFor(type).with(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                    .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the defaults " + resource + ": " + e.getMessage(), e);
        }
    }

    public static ObjectNode toJson(Object record) {
        return JSON.valueToTree(record);
    }

    /** Rejects a size or count below 1, naming the option. */
    public static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    /** The option names a record holds, sorted. */
    public static Set<String> keys(Object record) {
        Set<String> keys = new TreeSet<>();
        toJson(record).fieldNames().forEachRemaining(keys::add);
        return keys;
    }
}
