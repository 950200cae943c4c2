package dev.fpa.trainer.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fpa.runtime.io.AtomicFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * metrics.jsonl: one JSON object per iteration ({"step": …, "d_loss": …, …}; unmeasured values are null),
 * appended and flushed as training goes. Opening it for a run that continues at step N drops the lines of steps N
 * and later, which a crash may have left after the last checkpoint, so the file never holds a step twice.
 */
final class MetricsLog implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BufferedWriter out;
    private final List<Metrics> history;

    private MetricsLog(BufferedWriter out, List<Metrics> history) {
        this.out = out;
        this.history = history;
    }

    /** Opens the log of a run that continues at {@code nextStep} (0 for a new run, which starts an empty file). */
    static MetricsLog open(Path file, long nextStep) throws IOException {
        List<Metrics> kept = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        if (nextStep > 0 && Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                Metrics m = parse(line);
                if (m != null && m.step() < nextStep) {
                    kept.add(m);
                    text.append(line).append('\n');
                }
            }
        }
        AtomicFiles.write(file, text.toString().getBytes(StandardCharsets.UTF_8));
        BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        return new MetricsLog(out, kept);
    }

    /** Every line so far, oldest first (for plots). */
    List<Metrics> history() {
        return history;
    }

    void append(Metrics m) {
        ObjectNode line = JSON.createObjectNode();
        line.put("step", m.step());
        m.values().forEach((name, value) -> {
            if (Double.isFinite(value)) {
                line.put(name, value);
            } else {
                line.putNull(name);
            }
        });
        try {
            out.write(JSON.writeValueAsString(line));
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the metrics log", e);
        }
        history.add(m);
    }

    /** A line of the log, or null for a line a crash cut short. */
    private static Metrics parse(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            if (node == null || !node.has("step")) {
                return null;
            }
            Map<String, Double> values = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getKey().equals("step")) {
                    values.put(e.getKey(), e.getValue().isNumber() ? e.getValue().asDouble() : Double.NaN);
                }
            }
            return new Metrics(node.get("step").asLong(), values);
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
