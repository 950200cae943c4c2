package dev.fpa.trainer.data;

import dev.fpa.runtime.image.ImageData;
import dev.fpa.runtime.image.ImageDecoder;
import dev.fpa.runtime.io.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Every .jpg, .jpeg and .png file below a folder (recursively, extensions case-insensitive), in path order. */
public final class ImageFolderSource implements ImageSource {
    private final Path root;
    private final List<Path> files;

    public ImageFolderSource(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException(root + ": not a folder");
        }
        this.root = root;
        try (Stream<Path> walk = Files.walk(root)) {
            this.files = walk.filter(Files::isRegularFile).filter(ImageFolderSource::isImage).sorted().toList();
        }
    }

    static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg");
    }

    @Override
    public String name() {
        Path n = root.toAbsolutePath().normalize().getFileName();
        return n == null ? "root" : n.toString();
    }

    @Override
    public String location() {
        return root + " (image folder)";
    }

    @Override
    public int count() {
        return files.size();
    }

    @Override
    public ImageData read(int index) throws IOException {
        return ImageDecoder.read(files.get(index));
    }

    @Override
    public String describe(int index) {
        return files.get(index).toString();
    }

    @Override
    public String fingerprint() throws IOException {
        MessageDigest sha = Sha256.newDigest();
        for (Path f : files) {
            BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
            sha.update((root.relativize(f) + "\t" + a.size() + "\t" + a.lastModifiedTime().toMillis() + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
