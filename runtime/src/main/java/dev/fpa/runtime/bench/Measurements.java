package dev.fpa.runtime.bench;

import java.util.Arrays;

/** One figure per timed repeat (images/s, seconds, ms per step), summarised as a benchmark reports them. */
public record Measurements(double[] values) {
    public Measurements {
        if (values.length == 0) {
            throw new IllegalArgumentException("no measurements");
        }
        values = values.clone();
    }

    public double median() {
        double[] sorted = sorted();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    public double min() {
        return sorted()[0];
    }

    public double max() {
        return sorted()[values.length - 1];
    }

    private double[] sorted() {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted;
    }
}
