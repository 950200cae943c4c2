/**
 * ONNX export with the painting steps unrolled: one emitter per block family writing ONNX nodes (protobuf classes
 * from tribuo-util-onnx), the feature classifier and pytorch-fid's Inception, and Triton model repositories.
 */
package dev.fpa.trainer.export;
