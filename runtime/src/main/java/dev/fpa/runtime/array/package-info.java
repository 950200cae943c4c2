/**
 * N-dimensional arrays on the host and their files: numpy's .npy and .npz, read with every declared size checked
 * against the bytes present before anything is allocated. Depends only on {@code runtime.io}.
 */
package dev.fpa.runtime.array;
