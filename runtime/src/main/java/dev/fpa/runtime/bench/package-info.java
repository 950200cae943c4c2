/**
 * Measured speed: figures per repeat and their median, behind {@code fpa bench}. Timing is never asserted in
 * tests; these classes only measure and report.
 */
package dev.fpa.runtime.bench;
