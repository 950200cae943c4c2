package dev.fpa.runtime.zoo;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * Text read from a model or an index, shown in a message: quoted, with control characters escaped and long text
 * cut, so that whatever a file holds, the message stays one readable line.
 */
public final class UntrustedText {
    private static final int SHOWN = 80;

    private UntrustedText() {
    }

    public static String quote(String text) {
        String shown = text.length() > SHOWN ? text.substring(0, SHOWN) + "…" : text;
        return "'" + new String(JsonStringEncoder.getInstance().quoteAsString(shown)) + "'";
    }
}
