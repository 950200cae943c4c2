/**
 * What {@code fpa doctor} reports about the runtime's side of a setup: Java, ONNX Runtime and its execution
 * providers, OpenBLAS, the zoo folders and the zoo's integrity. Depends on {@code runtime.metrics} and {@code
 * runtime.zoo}.
 */
package dev.fpa.runtime.setup;
