/**
 * Publishing trained models to a folder zoo: export to ONNX, the model card (its fixed text from a resource), the
 * training record read from the run's files, and the zoo index.
 */
package dev.fpa.trainer.zoo;
