package dev.fpa.runtime.metrics;

import dev.fpa.runtime.image.ImageData;
import dev.fpa.runtime.image.ImageDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The PNG and JPEG files under a folder (sub-folders included) in sorted path order, which for a flat folder is
 * pytorch-fid's order. A batch holds consecutive images of one size and channel count: pytorch-fid cannot batch
 * images of unequal sizes either, and runs each at its own size through the extractor's resize.
 */
public final class ImageFolderStream implements ImageStream {
    private final List<Path> files;
    private int position;
    private ImageData pending;

    private ImageFolderStream(List<Path> files) {
        this.files = files;
    }

    /** Lists the folder; an empty folder or a missing one is an error naming it. */
    public static ImageFolderStream open(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IOException(folder + ": not a folder of images");
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).filter(ImageFolderStream::isImage).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IOException(folder + ": no images (.png, .jpg, .jpeg) found");
        }
        return new ImageFolderStream(files);
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg");
    }

    public List<Path> files() {
        return files;
    }

    @Override
    public long count() {
        return files.size();
    }

    @Override
    public ImageBatch next(int max) throws IOException {
        List<ImageData> batch = new ArrayList<>();
        while (batch.size() < max) {
            ImageData image = pending != null ? pending : read();
            pending = null;
            if (image == null) {
                break;
            }
            if (!batch.isEmpty() && !sameShape(batch.get(0), image)) {
                pending = image;
                break;
            }
            batch.add(image);
        }
        return batch.isEmpty() ? null : ImageBatch.of(batch);
    }

    private ImageData read() throws IOException {
        if (position == files.size()) {
            return null;
        }
        Path file = files.get(position++);
        try {
            return ImageDecoder.read(file);
        } catch (IOException e) {
            // A metric over a silently shortened folder would be wrong, so an unreadable file stops the run.
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private static boolean sameShape(ImageData a, ImageData b) {
        return a.width() == b.width() && a.height() == b.height() && a.channels() == b.channels();
    }
}
