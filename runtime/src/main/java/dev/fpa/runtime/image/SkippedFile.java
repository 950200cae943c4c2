package dev.fpa.runtime.image;

import java.util.List;

/**
 * A file or folder that a pass over a data set could not use, and why. Passes collect these and report them once,
 * counted and named, instead of stopping at the first or dropping them silently.
 */
public record SkippedFile(String source, String reason) {
    /**
     * From the one-line error of reading {@code source}. The warning names the source itself, so a message that
     * starts with its name loses that prefix.
     */
    public static SkippedFile of(String source, Exception e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return new SkippedFile(source, "could not be read");
        }
        String prefix = source + ": ";
        return new SkippedFile(source, message.startsWith(prefix) ? message.substring(prefix.length()) : message);
    }

    /** " (3 skipped, first: SOURCE: REASON)" to end a one-line error, or "" when none were skipped. */
    public static String note(List<SkippedFile> skipped) {
        if (skipped.isEmpty()) {
            return "";
        }
        SkippedFile first = skipped.get(0);
        return " (" + skipped.size() + " skipped, first: " + first.source() + ": " + first.reason() + ")";
    }
}
