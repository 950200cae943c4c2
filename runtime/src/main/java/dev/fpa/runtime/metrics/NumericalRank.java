package dev.fpa.runtime.metrics;

import org.ejml.UtilEjml;

/**
 * Where rounding noise ends in a symmetric positive semi-definite matrix of size n: values below n·ε times the
 * largest one cannot be told from zero. This is numpy.linalg.matrix_rank's default tolerance. Covariances of
 * fewer samples than dimensions (the FID fixture: rank 47 of 2048) are singular, and the square roots of their
 * noise-level eigenvalues would otherwise add up to a visible error.
 */
final class NumericalRank {
    private NumericalRank() {
    }

    /** The tolerance relative to the largest value, for a matrix of size n. */
    static double relativeTolerance(int n) {
        return n * UtilEjml.EPS;
    }

    /** The absolute tolerance for a matrix of size n whose largest value is {@code largest}. */
    static double threshold(int n, double largest) {
        return relativeTolerance(n) * largest;
    }
}
