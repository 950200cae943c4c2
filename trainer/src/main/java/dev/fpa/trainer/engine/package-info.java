/**
 * The libtorch engine under DJL: choosing the device ({@code --device}), what {@code fpa doctor} reports of it,
 * and the warning for CPUs on which oneDNN computes wrong numbers. Depends on DJL and {@code runtime.setup}.
 */
package dev.fpa.trainer.engine;
