/**
 * The fpa checkpoint file format that training, import, export, generation and the zoo share: a stored ZIP of
 * named sections of arrays plus metadata, read with every entry's CRC-32 and declared size checked, and the layout
 * of optimizer state inside it. Depends only on the runtime and {@code model.config}; nothing here knows training.
 */
package dev.fpa.trainer.checkpoint;
