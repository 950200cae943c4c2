/**
 * Training data: image folders and Fashion-MNIST/MNIST IDX files read with declared sizes checked, preprocessing
 * as the official code does it, the prepared-dataset cache and its fingerprint. Depends only on the runtime.
 */
package dev.fpa.trainer.data;
