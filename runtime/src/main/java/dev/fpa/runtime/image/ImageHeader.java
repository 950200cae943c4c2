package dev.fpa.runtime.image;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/** The format and size an image file declares in its header, read without decoding a pixel. */
record ImageHeader(ImageFileFormat format, int width, int height) {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    /** The signature, then the IHDR chunk's length and type, then its width and height. */
    private static final int PNG_SIZE_END = 24;

    long pixels() {
        return (long) width * height;
    }

    /**
     * Reads a PNG's IHDR chunk, which must come first, or a JPEG's start-of-frame segment (after any metadata
     * segments) through ImageIO's reader, which stops there; only the bytes up to it are read from {@code in}.
     */
    static ImageHeader read(InputStream in) throws IOException {
        byte[] head = in.readNBytes(PNG_SIZE_END);
        if (head.length >= 2 && (head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xD8) {
            return jpeg(new SequenceInputStream(new ByteArrayInputStream(head), in));
        }
        if (head.length < PNG_SIGNATURE.length || !Arrays.equals(head, 0, 4, PNG_SIGNATURE, 0, 4)) {
            throw new IOException("not a PNG or JPEG file");
        }
        if (!Arrays.equals(head, 0, PNG_SIGNATURE.length, PNG_SIGNATURE, 0, PNG_SIGNATURE.length)) {
            throw new IOException("damaged PNG signature");
        }
        if (head.length < PNG_SIZE_END) {
            throw new IOException("the PNG file ends within its header");
        }
        if (!new String(head, 12, 4, StandardCharsets.US_ASCII).equals("IHDR")) {
            throw new IOException("the PNG file does not start with its IHDR chunk");
        }
        int width = bigEndian(head, 16);
        int height = bigEndian(head, 20);
        if (width <= 0 || height <= 0) {
            throw new IOException("the PNG header declares " + Integer.toUnsignedString(width) + "×"
                    + Integer.toUnsignedString(height) + " pixels");
        }
        return new ImageHeader(ImageFileFormat.PNG, width, height);
    }

    private static ImageHeader jpeg(InputStream in) throws IOException {
        try (ImageInputStream stream = new MemoryCacheImageInputStream(in)) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("jpeg").next();
            try {
                reader.setInput(stream, true, true);
                return new ImageHeader(ImageFileFormat.JPEG, reader.getWidth(0), reader.getHeight(0));
            } finally {
                reader.dispose();
            }
        }
    }

    /** The unsigned 32-bit big-endian number at {@code at}, as PNG stores them, in an int's bits. */
    static int bigEndian(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | b[at + 3] & 0xff;
    }
}
