package dev.fpa.runtime.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;

/**
 * Makes files and folders unreadable for the length of a check by removing all their permissions. Root reads them
 * anyway, so there the check is skipped with the reason; run the tests as another user to exercise it.
 */
public final class Unreadable {
    private Unreadable() {
    }

    /** A check that may fail with an I/O error. */
    public interface Check {
        void run() throws IOException;
    }

    /** Runs {@code check} while {@code paths} have no permissions, restoring them afterwards. */
    public static void during(Check check, Path... paths) throws IOException {
        Map<Path, Set<PosixFilePermission>> before = new LinkedHashMap<>();
        try {
            for (Path p : paths) {
                before.put(p, Files.getPosixFilePermissions(p));
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("---------"));
                Assumptions.assumeFalse(Files.isReadable(p), "this user reads files without permission (root), so"
                        + " removing permissions cannot make " + p.getFileName() + " unreadable");
            }
            check.run();
        } finally {
            for (Map.Entry<Path, Set<PosixFilePermission>> e : before.entrySet()) {
                Files.setPosixFilePermissions(e.getKey(), e.getValue());
            }
        }
    }
}
