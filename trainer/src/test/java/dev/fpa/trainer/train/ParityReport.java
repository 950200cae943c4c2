package dev.fpa.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import dev.fpa.runtime.array.NdArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Computed arrays against official ones, each with its own tolerance max|diff| ≤ atol + rtol·max|ref| (the manifests'
 * per-tensor gradient rule is atol 1e-6, rtol 1e-3). Prints every line, then fails listing those out of bounds.
 */
final class ParityReport {
    private final String label;
    private final List<String> lines = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private double worstRatio;

    ParityReport(String label) {
        this.label = label;
    }

    void compare(String name, NDArray actual, NdArray expected, double atol, double rtol) {
        compare(name, actual.toFloatArray(), expected, atol, rtol);
    }

    void compare(String name, float[] actual, NdArray expected, double atol, double rtol) {
        float[] e = expected.toFloatArray();
        assertEquals(e.length, actual.length, label + " " + name + ": element count, reference shape "
                + Arrays.toString(expected.shape()));
        double maxDiff = 0;
        double maxRef = 0;
        for (int i = 0; i < e.length; i++) {
            double d = Math.abs((double) actual[i] - e[i]);
            maxDiff = Math.max(maxDiff, Double.isNaN(d) ? Double.POSITIVE_INFINITY : d);
            maxRef = Math.max(maxRef, Math.abs(e[i]));
        }
        double bound = atol + rtol * maxRef;
        worstRatio = Math.max(worstRatio, maxDiff == 0 ? 0 : maxDiff / bound);
        String line = String.format(Locale.ROOT, "%s %-60s max|diff| %.3e  bound %.3e", label, name, maxDiff, bound);
        lines.add(line);
        if (!(maxDiff <= bound)) {
            failures.add(line);
        }
    }

    void compare(String name, double actual, NdArray expected, double atol, double rtol) {
        compare(name, new float[] {(float) actual}, expected, atol, rtol);
    }

    void assertAllWithin() {
        lines.forEach(System.out::println);
        System.out.printf(Locale.ROOT, "%s: %d arrays, worst max|diff|/bound %.3f%n", label, lines.size(), worstRatio);
        assertTrue(failures.isEmpty(), label + ": out of tolerance:\n" + String.join("\n", failures));
    }
}
