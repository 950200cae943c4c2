package dev.fpa.runtime.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes a file so that readers see either the old content or the complete new one:
 * the bytes go to a temporary file in the same folder, which is then renamed over the target.
 */
public final class AtomicFiles {
    /** Writes the body of a file. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private static final String TEMPORARY_SUFFIX = ".tmp";

    private AtomicFiles() {
    }

    public static void write(Path target, Writer body) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp;
        try {
            Files.createDirectories(dir);
            removeLeftovers(abs);
            tmp = Files.createTempFile(dir, temporaryPrefix(abs), TEMPORARY_SUFFIX);
        } catch (IOException e) {
            throw new IOException("cannot write " + target + ": " + FileErrors.describe(e), e);
        }
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                body.write(out);
            }
            ordinaryPermissions(tmp, abs);
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Deletes temporary files that an earlier write of the same target left behind when its process was killed
     * (a live writer of the same target would race with this one anyway: the last rename wins).
     */
    private static void removeLeftovers(Path target) throws IOException {
        String prefix = temporaryPrefix(target);
        try (DirectoryStream<Path> stale = Files.newDirectoryStream(target.getParent(),
                f -> f.getFileName().toString().startsWith(prefix)
                        && f.getFileName().toString().endsWith(TEMPORARY_SUFFIX))) {
            for (Path f : stale) {
                Files.deleteIfExists(f);
            }
        }
    }

    private static String temporaryPrefix(Path target) {
        return "." + target.getFileName() + ".";
    }

    /**
     * Temporary files are created private (rw-------); the result should be readable like any file written
     * normally, so it takes the old file's permissions, or rw-r--r--.
     */
    private static void ordinaryPermissions(Path tmp, Path target) throws IOException {
        if (!Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
            return;
        }
        Set<PosixFilePermission> perms = Files.exists(target) ? Files.getPosixFilePermissions(target)
                : PosixFilePermissions.fromString("rw-r--r--");
        Files.setPosixFilePermissions(tmp, perms);
    }

    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }
}
