/**
 * Progress events of long work (start, advance, status, finish), so that libraries report progress without knowing
 * how it is shown. Depends on nothing.
 */
package dev.fpa.runtime.progress;
