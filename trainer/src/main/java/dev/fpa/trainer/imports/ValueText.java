package dev.fpa.trainer.imports;

import dev.fpa.trainer.imports.RestrictedUnpickler.PickleCallable;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The text of an unpickled value for error messages: what {@link String#valueOf(Object)} gives, but bounded.
 *
 * <p>Java's own {@code toString} walks a value as a tree: a pickle whose tuples share one another through the memo
 * makes it exponential, and one that nests deeply or contains itself overflows the stack. This text stops after
 * {@value #MAX_CHARS} characters and {@value #MAX_DEPTH} levels, writes a container met again inside itself as
 * {@code [<cycle>]}, and stays on one line, so it costs little whatever the value.
 */
final class ValueText {
    private static final int MAX_CHARS = 160;
    private static final int MAX_DEPTH = 4;
    private static final int MAX_INT_BITS = 256;

    private final StringBuilder text = new StringBuilder();
    // The containers being written, by identity: meeting one again inside itself is a cycle.
    private final Set<Object> open = Collections.newSetFromMap(new IdentityHashMap<>());

    private ValueText() {
    }

    /** The value's text, cut to about {@value #MAX_CHARS} characters. */
    static String of(Object value) {
        ValueText writer = new ValueText();
        writer.append(value, 0);
        return writer.text.length() <= MAX_CHARS ? writer.text.toString()
                : writer.text.substring(0, MAX_CHARS) + "...";
    }

    private void append(Object value, int depth) {
        if (text.length() > MAX_CHARS) {
            return;
        }
        if (value instanceof BigInteger big && big.bitLength() > MAX_INT_BITS) {
            text.append("<int of ").append(big.bitLength()).append(" bits>");
        } else if (value instanceof String s) {
            appendString(s);
        } else if (value instanceof byte[] bytes) {
            text.append("<").append(bytes.length).append(" bytes>");
        } else if (value instanceof PickleCallable) {
            text.append("<function>");
        } else if (value instanceof Map<?, ?> || value instanceof Collection<?>) {
            appendContainer(value, depth);
        } else {
            text.append(value); // null, numbers, storage types, tensor and storage references: short texts
        }
    }

    private void appendContainer(Object container, int depth) {
        String brackets = container instanceof Map<?, ?> ? "{}" : "[]";
        text.append(brackets.charAt(0));
        if (depth >= MAX_DEPTH) {
            text.append("...");
        } else if (!open.add(container)) {
            text.append("<cycle>");
        } else {
            if (container instanceof Map<?, ?> map) {
                appendEntries(map, depth);
            } else {
                appendItems((Collection<?>) container, depth);
            }
            open.remove(container);
        }
        text.append(brackets.charAt(1));
    }

    private void appendEntries(Map<?, ?> map, int depth) {
        String separator = "";
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (text.length() > MAX_CHARS) {
                return;
            }
            text.append(separator);
            append(entry.getKey(), depth + 1);
            text.append('=');
            append(entry.getValue(), depth + 1);
            separator = ", ";
        }
    }

    private void appendItems(Collection<?> items, int depth) {
        String separator = "";
        for (Object item : items) {
            if (text.length() > MAX_CHARS) {
                return;
            }
            text.append(separator);
            append(item, depth + 1);
            separator = ", ";
        }
    }

    private void appendString(String s) {
        int end = Math.min(s.length(), MAX_CHARS);
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            if (c == '\n') {
                text.append("\\n");
            } else if (c == '\r') {
                text.append("\\r");
            } else {
                text.append(c);
            }
        }
    }
}
