package dev.fpa.runtime.image;

import dev.fpa.runtime.io.FileErrors;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The PNG and JPEG files below a folder (sub-folders included, extensions in any case) in sorted path order, and the
 * sub-folders that could not be listed (no permission, a loop, an I/O error): a scan passes over those and names
 * them instead of stopping. Links to files count as files; links to folders are not followed.
 */
public record ImageFolder(Path root, List<Path> images, List<SkippedFile> skipped) {
    public ImageFolder {
        images = List.copyOf(images);
        skipped = List.copyOf(skipped);
    }

    /** Lists {@code root}; a missing or unreadable root is a one-line error naming it. */
    public static ImageFolder scan(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException(root + ": not a folder");
        }
        List<Path> images = new ArrayList<>();
        List<SkippedFile> skipped = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (isImage(file) && (attributes.isRegularFile() || Files.isRegularFile(file))) {
                    images.add(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                return passOver(file, e);
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                return e == null ? FileVisitResult.CONTINUE : passOver(dir, e);
            }

            private FileVisitResult passOver(Path path, IOException e) throws IOException {
                String reason = "cannot be listed (" + FileErrors.describe(e) + ")";
                if (path.equals(root)) {
                    throw new IOException(root + ": " + reason, e);
                }
                skipped.add(new SkippedFile(path.toString(), reason));
                return FileVisitResult.CONTINUE;
            }
        });
        images.sort(null);
        skipped.sort(Comparator.comparing(SkippedFile::source));
        return new ImageFolder(root, images, skipped);
    }

    /** A .png, .jpg or .jpeg name, in any case. */
    private static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg");
    }
}
