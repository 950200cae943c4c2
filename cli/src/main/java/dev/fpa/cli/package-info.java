/**
 * The {@code fpa} command line (Picocli): one class per command or shared option group, parsing arguments, calling
 * the runtime and the trainer, and printing one-line results and errors. May depend on every other module; no
 * other code depends on it.
 */
package dev.fpa.cli;
