package dev.fpa.trainer.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** The class labels of an IDX label file ({@code <split>-labels-idx1-ubyte[.gz]}), as MNIST ships them. */
public final class IdxLabels {
    private static final int UBYTE_1D = 0x00000801;

    private IdxLabels() {
    }

    /** The labels of the split in folder {@code dir}, one per image of the split's image file. */
    public static int[] read(Path dir, String split) throws IOException {
        Path file = dir.resolve(split + "-labels-idx1-ubyte.gz");
        if (!Files.exists(file)) {
            file = dir.resolve(split + "-labels-idx1-ubyte");
        }
        if (!Files.exists(file)) {
            throw new IOException(dir + ": no " + split + "-labels-idx1-ubyte[.gz] file (labels are needed to train"
                    + " a classifier)");
        }
        InputStream raw = Files.newInputStream(file);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(
                file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw))) {
            int magic = in.readInt();
            if (magic != UBYTE_1D) {
                throw new IOException(file + ": not an IDX label file (magic 0x" + Integer.toHexString(magic) + ")");
            }
            int[] labels = new int[in.readInt()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = in.readUnsignedByte();
            }
            return labels;
        } catch (EOFException e) {
            throw new IOException(file + ": truncated IDX label file");
        }
    }
}
