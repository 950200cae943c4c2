package dev.fpa.trainer.data;

import dev.fpa.runtime.image.ImageData;
import dev.fpa.runtime.image.ImageDecoder;
import dev.fpa.runtime.image.ImageFolder;
import dev.fpa.runtime.image.PixelLimit;
import dev.fpa.runtime.image.SkippedFile;
import dev.fpa.runtime.io.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * Every .jpg, .jpeg and .png file below a folder (recursively, extensions case-insensitive), in path order, read
 * within a pixel limit. Sub-folders that cannot be listed are passed over and reported.
 */
public final class ImageFolderSource implements ImageSource {
    private final ImageFolder folder;
    private final PixelLimit limit;

    public ImageFolderSource(Path root, PixelLimit limit) throws IOException {
        this.folder = ImageFolder.scan(root);
        this.limit = limit;
    }

    @Override
    public String name() {
        Path n = folder.root().toAbsolutePath().normalize().getFileName();
        return n == null ? "root" : n.toString();
    }

    @Override
    public String location() {
        return folder.root() + " (image folder)";
    }

    @Override
    public int count() {
        return folder.images().size();
    }

    @Override
    public ImageData read(int index) throws IOException {
        return ImageDecoder.read(folder.images().get(index), limit);
    }

    @Override
    public String describe(int index) {
        return folder.images().get(index).toString();
    }

    @Override
    public List<SkippedFile> skippedWhileListing() {
        return folder.skipped();
    }

    /** Also changes with the pixel limit, which decides which files are used. */
    @Override
    public String fingerprint() throws IOException {
        MessageDigest sha = Sha256.newDigest();
        sha.update(("pixel limit " + limit.pixels() + "\n").getBytes(StandardCharsets.UTF_8));
        for (Path f : folder.images()) {
            BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
            sha.update((folder.root().relativize(f) + "\t" + a.size() + "\t" + a.lastModifiedTime().toMillis() + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
