package dev.fpa.runtime.image;

import dev.fpa.runtime.io.FileErrors;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.apache.commons.imaging.ImageInfo;
import org.apache.commons.imaging.Imaging;
import org.apache.commons.imaging.common.RgbBufferedImageFactory;
import org.apache.commons.imaging.formats.png.PngImageParser;
import org.apache.commons.imaging.formats.png.PngImagingParameters;

/**
 * Reads PNG and JPEG files into {@link ImageData}, keeping the file's own layout: grey files give 1 channel,
 * colour files 3, files with transparency 4. Palette images are expanded; 16-bit samples keep their high byte.
 *
 * <p>PNG goes through Commons Imaging with a factory that returns {@code TYPE_INT_(A)RGB}, because its grey
 * images otherwise pass through Java's grey colour space and change level. JPEG goes through ImageIO, whose
 * decoder is libjpeg (like Pillow's) and which reads progressive files; its grey rasters are read directly.
 *
 * <p>Headers are not trusted: the declared size is checked against a {@link PixelLimit} before a file is read in
 * full or a pixel is decoded, a file larger than its declared pixels can need is not read, and PNG chunk lengths are
 * checked against the bytes present (Commons Imaging allocates a chunk's declared length before reading it).
 */
public final class ImageDecoder {
    /** Room for metadata (ICC profiles, EXIF, text chunks) beside the pixels in a file. */
    private static final long METADATA_BYTES = 16L << 20;

    private ImageDecoder() {
    }

    /** Reads a file within {@link PixelLimit#DEFAULT}. */
    public static ImageData read(Path file) throws IOException {
        return read(file, PixelLimit.DEFAULT);
    }

    /**
     * Reads a file; every failure is an IOException with one line naming the file: no such file, permission
     * denied, too many pixels for {@code limit}, or why it cannot be decoded.
     */
    public static ImageData read(Path file, PixelLimit limit) throws IOException {
        try {
            return decode(readWithin(file, limit), limit);
        } catch (FileSystemException e) {
            throw new IOException(file + ": " + FileErrors.describe(e), e);
        } catch (ImageTooLargeException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + ": cannot decode image (" + message(e) + ")", e);
        }
    }

    /** Decodes PNG or JPEG bytes within {@link PixelLimit#DEFAULT}. */
    public static ImageData decode(byte[] bytes) throws IOException {
        return decode(bytes, PixelLimit.DEFAULT);
    }

    /** Decodes PNG or JPEG bytes, refusing images whose header declares more pixels than {@code limit}. */
    public static ImageData decode(byte[] bytes, PixelLimit limit) throws IOException {
        ImageHeader header = ImageHeader.read(new ByteArrayInputStream(bytes));
        limit.check(header);
        return header.format() == ImageFileFormat.PNG ? decodePng(bytes) : decodeJpeg(bytes);
    }

    /** The file's bytes, read only after its header passed the limit and its size fits the declared pixels. */
    private static byte[] readWithin(Path file, PixelLimit limit) throws IOException {
        ImageHeader header;
        try (InputStream in = Files.newInputStream(file)) {
            header = ImageHeader.read(in);
        }
        limit.check(header);
        // 16-bit RGBA stored without compression (8 bytes a pixel) is the most a PNG needs; a JPEG needs less.
        long most = 8 * header.pixels() + header.height() + METADATA_BYTES;
        long size = Files.size(file);
        if (size > most) {
            throw new ImageTooLargeException(String.format(Locale.ROOT, "%,d bytes is more than an image of"
                    + " %d×%d pixels can need (%,d bytes); not read", size, header.width(), header.height(), most));
        }
        return Files.readAllBytes(file);
    }

    private static ImageData decodePng(byte[] bytes) throws IOException {
        requireChunksPresent(bytes);
        ImageInfo info = Imaging.getImageInfo(bytes);
        PngImagingParameters params = new PngImagingParameters();
        params.setBufferedImageFactory(new RgbBufferedImageFactory());
        BufferedImage image = new PngImageParser().getBufferedImage(bytes, params);
        boolean grey = info.getColorType() == ImageInfo.ColorType.GRAYSCALE
                || info.getColorType() == ImageInfo.ColorType.BW;
        return fromRgb(image, grey, image.getColorModel().hasAlpha());
    }

    /** Each chunk (length, type, data, CRC) must lie within the bytes, up to IEND. */
    private static void requireChunksPresent(byte[] png) throws IOException {
        int at = 8;
        while (at + 8 <= png.length) {
            long length = Integer.toUnsignedLong(ImageHeader.bigEndian(png, at));
            if (at + 12 + length > png.length) {
                throw new IOException(String.format(Locale.ROOT, "a PNG chunk declares %,d bytes but only %,d follow",
                        length, png.length - at - 8));
            }
            if (new String(png, at + 4, 4, StandardCharsets.US_ASCII).equals("IEND")) {
                return;
            }
            at += 12 + (int) length;
        }
    }

    private static ImageData decodeJpeg(byte[] bytes) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
        if (image == null) {
            throw new IOException("unsupported JPEG variant");
        }
        if (image.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            Raster r = image.getRaster();
            byte[] out = new byte[image.getWidth() * image.getHeight()];
            r.getDataElements(0, 0, image.getWidth(), image.getHeight(), out);
            return new ImageData(image.getWidth(), image.getHeight(), 1, out);
        }
        return fromRgb(image, false, false);
    }

    /**
     * Packs ARGB pixels row by row (a copy of one row at a time, not of the image); a grey source keeps one
     * channel, since its r, g and b are equal.
     */
    private static ImageData fromRgb(BufferedImage image, boolean grey, boolean alpha) {
        int w = image.getWidth();
        int h = image.getHeight();
        int c = alpha ? 4 : grey ? 1 : 3;
        byte[] out = new byte[w * h * c];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int p = row[x];
                int d = (y * w + x) * c;
                if (c == 1) {
                    out[d] = (byte) (p >> 8);
                    continue;
                }
                out[d] = (byte) (p >> 16);
                out[d + 1] = (byte) (p >> 8);
                out[d + 2] = (byte) p;
                if (c == 4) {
                    out[d + 3] = (byte) (p >>> 24);
                }
            }
        }
        return new ImageData(w, h, c, out);
    }

    /** The decoder's reason; decoders that give none failed on data they did not expect. */
    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? "malformed data" : m;
    }
}
