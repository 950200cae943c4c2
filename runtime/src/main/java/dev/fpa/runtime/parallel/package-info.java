/**
 * Splitting a batch across cores: ONNX Runtime's threads inside one operator gain little on the small matrices of a
 * painter, so each core runs its own part of the batch instead (DESIGN.md §13). And the large stack on which ONNX
 * Runtime creates its environment.
 */
package dev.fpa.runtime.parallel;
