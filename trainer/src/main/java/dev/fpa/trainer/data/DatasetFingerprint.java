package dev.fpa.trainer.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * What identifies a prepared data set wherever it lies: the image count, side and channels, and the SHA-256 of the
 * prepared pixels (the bytes training reads, so the same images prepared the same way match even after a move).
 */
public record DatasetFingerprint(int count, int size, int channels, String sha256) {

    /** Hashes the prepared pixels (about 0.2 s for Fashion-MNIST's 61 MB). */
    public static DatasetFingerprint of(PreparedDataset dataset) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return new DatasetFingerprint(dataset.count(), dataset.size(), dataset.channels(),
                    HexFormat.of().formatHex(digest.digest(dataset.rawData())));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }

    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("count", count).put("size", size).put("channels", channels).put("sha256", sha256);
        return node;
    }

    /** The fingerprint stored in {@code node}, or empty where it has none (runs from before fingerprints). */
    public static Optional<DatasetFingerprint> fromJson(JsonNode node) {
        if (node == null || !node.has("sha256")) {
            return Optional.empty();
        }
        return Optional.of(new DatasetFingerprint(node.path("count").asInt(), node.path("size").asInt(),
                node.path("channels").asInt(), node.path("sha256").asText()));
    }

    /** A short human description: "2,000 images, 32x32, 1 channel(s)". */
    public String describe() {
        return String.format(Locale.ROOT, "%,d images, %dx%d, %d channel(s)", count, size, size, channels);
    }
}
