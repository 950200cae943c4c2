package dev.fpa.trainer.data;

import dev.fpa.runtime.image.SkippedFile;
import dev.fpa.runtime.io.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One binary file per dataset, size, channels and fit holding the preprocessed bytes, so that training never
 * decodes an image twice. The header stores the source fingerprint; a changed source means a rebuild.
 * Layout: magic "FPADS", version, fingerprint, count, channels, size, skipped files, then count·C·S·S bytes.
 */
final class DatasetCache {
    private static final String MAGIC = "FPADS";
    private static final int VERSION = 1;

    private DatasetCache() {
    }

    /** The cached dataset if the file exists, is intact and was built from this fingerprint; else null. */
    static PreparedDataset read(Path file, String fingerprint) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 20))) {
            if (!in.readUTF().equals(MAGIC) || in.readInt() != VERSION || !in.readUTF().equals(fingerprint)) {
                return null;
            }
            int count = in.readInt();
            int channels = in.readInt();
            int size = in.readInt();
            int nSkipped = in.readInt();
            List<SkippedFile> skipped = new ArrayList<>();
            for (int i = 0; i < nSkipped; i++) {
                skipped.add(new SkippedFile(in.readUTF(), in.readUTF()));
            }
            byte[] data = new byte[Math.multiplyExact(count, channels * size * size)];
            in.readFully(data);
            return new PreparedDataset(count, channels, size, data, skipped);
        } catch (IOException | RuntimeException e) {
            return null; // a damaged cache is rebuilt, never trusted
        }
    }

    static void write(Path file, String fingerprint, PreparedDataset d) throws IOException {
        AtomicFiles.write(file, raw -> {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 20));
            out.writeUTF(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(fingerprint);
            out.writeInt(d.count());
            out.writeInt(d.channels());
            out.writeInt(d.size());
            out.writeInt(d.skipped().size());
            for (SkippedFile s : d.skipped()) {
                out.writeUTF(s.source());
                out.writeUTF(s.reason());
            }
            out.write(d.rawData());
            out.flush();
        });
    }
}
