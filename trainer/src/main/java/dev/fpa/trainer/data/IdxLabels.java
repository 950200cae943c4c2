package dev.fpa.trainer.data;

import dev.fpa.runtime.array.DeclaredSize;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The class labels of an IDX label file ({@code <split>-labels-idx1-ubyte[.gz]}), as MNIST ships them. */
public final class IdxLabels {
    private static final int UBYTE_1D = 0x00000801;
    /** Magic, count. */
    private static final int HEADER_BYTES = 8;

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
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(IdxImageSource.openStream(file)))) {
            int magic = in.readInt();
            if (magic != UBYTE_1D) {
                throw new IOException(file + ": not an IDX label file (magic 0x" + Integer.toHexString(magic) + ")");
            }
            int count = in.readInt();
            if (count < 0) {
                throw new IOException(file + ": bad IDX label count " + count);
            }
            byte[] bytes = DeclaredSize.read(in, count, IdxImageSource.bytesAfterHeader(file, HEADER_BYTES),
                    file.toString(), count + " labels");
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = bytes[i] & 0xff;
            }
            return labels;
        } catch (EOFException e) {
            throw new IOException(file + ": truncated IDX label file");
        }
    }
}
