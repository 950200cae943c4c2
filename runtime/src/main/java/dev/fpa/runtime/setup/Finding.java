package dev.fpa.runtime.setup;

/**
 * One line of a setup report ({@code fpa doctor}): what was checked, what was found, and whether it is a problem.
 *
 * @param topic   what was checked, e.g. "ONNX Runtime"
 * @param detail  what was found
 * @param problem whether it stops fpa from working correctly here
 */
public record Finding(String topic, String detail, boolean problem) {

    public static Finding ok(String topic, String detail) {
        return new Finding(topic, detail, false);
    }

    public static Finding problem(String topic, String detail) {
        return new Finding(topic, detail, true);
    }
}
