package dev.fpa.trainer.data;

import dev.fpa.runtime.image.ImageData;
import dev.fpa.runtime.image.SkippedFile;
import java.io.IOException;
import java.util.List;

/** A numbered set of raw images (files in a folder, or records of an IDX file), before preprocessing. */
public interface ImageSource {
    /** Short name used for cache files, e.g. the folder name. */
    String name();

    /** The folder or file the images come from. */
    String location();

    int count();

    /** Decodes image i; throws with a message naming the file for unreadable ones. */
    ImageData read(int index) throws IOException;

    /** Where image i comes from, for messages. */
    String describe(int index);

    /** Changes whenever the source's content may have changed (paths, sizes, modification times). */
    String fingerprint() throws IOException;

    /** What could not even be listed (folders without permission), so it holds no numbered image; usually none. */
    default List<SkippedFile> skippedWhileListing() {
        return List.of();
    }
}
