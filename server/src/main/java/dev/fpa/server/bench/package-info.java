/** {@code fpa bench serve}: a loopback load test of the server, started as its own process. */
package dev.fpa.server.bench;
