package dev.fpa.trainer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import dev.fpa.runtime.array.NdArray;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Max absolute errors of computed arrays against reference arrays, printed and checked together. */
final class MaxErrors {
    private final String label;
    private final Map<String, Double> errors = new LinkedHashMap<>();

    MaxErrors(String label) {
        this.label = label;
    }

    /** Records max |actual − expected|; the element counts must agree (shapes may differ by size-1 axes). */
    void compare(String name, NDArray actual, NdArray expected) {
        float[] a = actual.toFloatArray();
        float[] e = expected.toFloatArray();
        assertEquals(e.length, a.length, label + " " + name + ": computed shape " + actual.getShape()
                + " vs reference " + Arrays.toString(expected.shape()));
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            // NaN in either array must fail, so it counts as an infinite error.
            double d = Math.abs((double) a[i] - e[i]);
            max = Math.max(max, Double.isNaN(d) ? Double.POSITIVE_INFINITY : d);
        }
        errors.put(name, max);
    }

    /** Prints every error, then fails if one is above its tolerance. */
    void assertWithin(double tolerance) {
        errors.forEach((name, error) -> System.out.printf("%-22s %-28s max abs err %.3e%n", label, name, error));
        String over = errors.entrySet().stream().filter(e -> !(e.getValue() <= tolerance))
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
        assertTrue(over.isEmpty(), label + ": above " + tolerance + ": " + over);
    }
}
