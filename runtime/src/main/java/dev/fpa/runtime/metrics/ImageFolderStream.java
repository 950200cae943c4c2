package dev.fpa.runtime.metrics;

import dev.fpa.runtime.image.ImageData;
import dev.fpa.runtime.image.ImageDecoder;
import dev.fpa.runtime.image.ImageFolder;
import dev.fpa.runtime.image.PixelLimit;
import dev.fpa.runtime.image.SkippedFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The PNG and JPEG files under a folder (sub-folders included) in sorted path order, which for a flat folder is
 * pytorch-fid's order. A batch holds consecutive images of one size and channel count: pytorch-fid cannot batch
 * images of unequal sizes either, and runs each at its own size through the extractor's resize.
 *
 * <p>Files that cannot be used (corrupt, over the pixel limit, unreadable) and sub-folders that cannot be listed
 * are passed over and collected in {@link #skipped()}, which the caller reports, so that one bad file neither
 * stops a long run nor shortens the set silently. A folder none of whose images can be read is an error.
 */
public final class ImageFolderStream implements ImageStream {
    private final ImageFolder folder;
    private final PixelLimit limit;
    private final List<SkippedFile> skipped;
    private int position;
    private int delivered;
    private ImageData pending;

    private ImageFolderStream(ImageFolder folder, PixelLimit limit) {
        this.folder = folder;
        this.limit = limit;
        this.skipped = new ArrayList<>(folder.skipped());
    }

    /** Lists the folder with {@link PixelLimit#DEFAULT}. */
    public static ImageFolderStream open(Path folder) throws IOException {
        return open(folder, PixelLimit.DEFAULT);
    }

    /** Lists the folder; images over {@code limit} will be skipped. An empty or missing folder is an error. */
    public static ImageFolderStream open(Path folder, PixelLimit limit) throws IOException {
        ImageFolder listing = ImageFolder.scan(folder);
        if (listing.images().isEmpty()) {
            throw new IOException(folder + ": no images (.png, .jpg, .jpeg) found"
                    + SkippedFile.note(listing.skipped()));
        }
        return new ImageFolderStream(listing, limit);
    }

    public List<Path> files() {
        return folder.images();
    }

    /** The image files found, including those that will turn out to be unusable. */
    @Override
    public long count() {
        return folder.images().size();
    }

    /**
     * The sub-folders that could not be listed and the files passed over so far, in path order; complete once
     * {@link #next} has returned null.
     */
    public List<SkippedFile> skipped() {
        return skipped.stream().sorted(Comparator.comparing(SkippedFile::source)).toList();
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
        delivered += batch.size();
        if (batch.isEmpty() && delivered == 0) {
            throw new IOException(folder.root() + ": none of the " + count() + " images could be read"
                    + SkippedFile.note(skipped()));
        }
        return batch.isEmpty() ? null : ImageBatch.of(batch);
    }

    /** The next usable image, passing over the others; null at the end. */
    private ImageData read() {
        while (position < folder.images().size()) {
            Path file = folder.images().get(position++);
            try {
                return ImageDecoder.read(file, limit);
            } catch (IOException e) {
                skipped.add(SkippedFile.of(file.toString(), e));
            }
        }
        return null;
    }

    private static boolean sameShape(ImageData a, ImageData b) {
        return a.width() == b.width() && a.height() == b.height() && a.channels() == b.channels();
    }
}
