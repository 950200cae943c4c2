package dev.fpa.trainer.model.layers;

import java.util.List;

/** A state dict that does not fit a model exactly; lists every problem at once. */
public final class StateDictMismatchException extends IllegalArgumentException {
    private final List<String> missing;
    private final List<String> unexpected;
    private final List<String> wrongShapes;

    StateDictMismatchException(String prefix, List<String> missing, List<String> unexpected, List<String> wrongShapes) {
        super(message(prefix, missing, unexpected, wrongShapes));
        this.missing = List.copyOf(missing);
        this.unexpected = List.copyOf(unexpected);
        this.wrongShapes = List.copyOf(wrongShapes);
    }

    /** Model parameters the state dict lacks. */
    public List<String> missing() {
        return missing;
    }

    /** State-dict entries the model has no parameter for. */
    public List<String> unexpected() {
        return unexpected;
    }

    /** "name: checkpoint (a, b), model (c, d)" for every entry whose shape differs. */
    public List<String> wrongShapes() {
        return wrongShapes;
    }

    private static String message(String prefix, List<String> missing, List<String> unexpected,
            List<String> wrongShapes) {
        StringBuilder m = new StringBuilder("the state dict under '" + prefix + "' does not fit the model, nothing "
                + "was loaded");
        if (!missing.isEmpty()) {
            m.append("; ").append(missing.size()).append(" missing: ").append(missing);
        }
        if (!unexpected.isEmpty()) {
            m.append("; ").append(unexpected.size()).append(" unexpected: ").append(unexpected);
        }
        if (!wrongShapes.isEmpty()) {
            m.append("; ").append(wrongShapes.size()).append(" with the wrong shape: ").append(wrongShapes);
        }
        return m.toString();
    }
}
