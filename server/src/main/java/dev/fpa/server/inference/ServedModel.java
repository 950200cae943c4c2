package dev.fpa.server.inference;

import dev.fpa.runtime.generate.ModelDescription;
import dev.fpa.runtime.generate.Painter;
import java.io.IOException;

/** A generator the server answers for: its name in URLs, the painter, a one-line summary and its batcher. */
public final class ServedModel implements AutoCloseable {
    private final String name;
    private final String summary;
    private final Painter painter;
    private final ModelBatcher batcher;
    private final double loadSeconds;

    /** @param loadSeconds how long loading, verifying and warming the model took, for the metrics */
    public ServedModel(String name, String summary, Painter painter, ModelBatcher.Limits limits, double loadSeconds) {
        this.name = name;
        this.loadSeconds = loadSeconds;
        this.summary = summary;
        this.painter = painter;
        this.batcher = new ModelBatcher(name, painter, limits);
    }

    public String name() {
        return name;
    }

    public String summary() {
        return summary;
    }

    public Painter painter() {
        return painter;
    }

    public ModelDescription description() {
        return painter.description();
    }

    public double loadSeconds() {
        return loadSeconds;
    }

    public ModelBatcher batcher() {
        return batcher;
    }

    @Override
    public void close() throws IOException {
        batcher.close();
        painter.close();
    }
}
