/**
 * {@code fpa serve}: generation over HTTP on the runtime alone. The command and the server's assembly live here;
 * the Open Inference Protocol and batching in {@code inference}, the pages and images for people in {@code web},
 * and the HTTP plumbing (errors, access log, metrics) in {@code http}.
 */
package dev.fpa.server;
