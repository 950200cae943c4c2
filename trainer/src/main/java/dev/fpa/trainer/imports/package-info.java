/**
 * Reading the official PyTorch checkpoints without running Python: a restricted unpickler with bounded size,
 * nesting and object counts, both torch.save formats (ZIP entries read through the checkpoint package's CRC-checked
 * reader), and the mapping of official tensors onto fpa's models.
 */
package dev.fpa.trainer.imports;
