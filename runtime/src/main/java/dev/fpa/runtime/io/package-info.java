/**
 * Files written atomically (temporary file, then rename; leftovers of killed writes removed), SHA-256 checksums,
 * and file-system errors in words. Depends on nothing.
 */
package dev.fpa.runtime.io;
