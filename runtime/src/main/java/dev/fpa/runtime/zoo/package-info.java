/**
 * Model zoos: the checksummed {@code index.json}, {@code zoo:NAME} lookup (the built-in zoo on the class path,
 * then the user's folder), SHA-256 checks when a model is loaded, confinement of index entries to their zoo, and
 * model cards. Depends only on {@code runtime.io}.
 */
package dev.fpa.runtime.zoo;
