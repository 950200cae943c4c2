/**
 * The Open Inference Protocol (KServe v2) over REST, with fpa's {@code seed} input, and the batcher that gathers
 * concurrent requests into one run of the model.
 */
package dev.fpa.server.inference;
