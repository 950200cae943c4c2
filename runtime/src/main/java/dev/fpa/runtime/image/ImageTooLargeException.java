package dev.fpa.runtime.image;

import java.io.IOException;

/** An image refused before decoding because of its size; its message says why in words, without the file. */
final class ImageTooLargeException extends IOException {
    ImageTooLargeException(String message) {
        super(message);
    }
}
