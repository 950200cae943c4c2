package dev.fpa.trainer.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Max absolute errors between arrays, printed together, each checked against its own tolerance. */
final class Errors {
    private final String label;
    private final Map<String, double[]> errors = new LinkedHashMap<>();

    Errors(String label) {
        this.label = label;
    }

    /** Records max |actual − expected| (NaN counts as infinite) with the tolerance it must meet. */
    void compare(String name, float[] actual, float[] expected, double tolerance) {
        assertEquals(expected.length, actual.length, label + " " + name + ": element counts differ");
        double max = 0;
        for (int i = 0; i < actual.length; i++) {
            double d = Math.abs((double) actual[i] - expected[i]);
            max = Math.max(max, Double.isNaN(d) ? Double.POSITIVE_INFINITY : d);
        }
        errors.put(name, new double[] {max, tolerance});
    }

    void assertAll() {
        errors.forEach((name, e) -> System.out.printf("%-20s %-24s max abs err %.3e (tolerance %.0e)%n", label, name,
                e[0], e[1]));
        String over = errors.entrySet().stream().filter(e -> !(e.getValue()[0] <= e.getValue()[1]))
                .map(e -> e.getKey() + "=" + e.getValue()[0]).collect(Collectors.joining(", "));
        assertTrue(over.isEmpty(), label + ": above tolerance: " + over);
    }
}
