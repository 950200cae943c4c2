/**
 * Seeded standard-normal latents that are the same numbers on every JVM and in both engines. Depends on nothing.
 */
package dev.fpa.runtime.latent;
