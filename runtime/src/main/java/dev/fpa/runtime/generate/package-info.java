/**
 * Generation on ONNX Runtime: sessions on the CPU or a CUDA GPU, the painter's metadata checked against its graph,
 * and the {@code Painter} that turns seeds or latents into images and painting frames. Depends on {@code
 * runtime.image}, {@code runtime.latent} and {@code runtime.zoo}, and on ONNX's protobuf classes to prune a graph.
 */
package dev.fpa.runtime.generate;
