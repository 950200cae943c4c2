package dev.fpa.runtime.image;

import dev.fpa.runtime.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.apache.commons.imaging.ImageFormats;
import org.apache.commons.imaging.Imaging;

/**
 * Writes {@link ImageData} as PNG (Commons Imaging, exact) or JPEG (ImageIO, which Commons Imaging cannot write).
 * Grey PNGs are written as RGB with r = g = b: Commons Imaging changes grey levels on {@code TYPE_BYTE_GRAY}.
 */
public final class ImageEncoder {
    /** Pillow's default JPEG quality, used by the official FID protocol. */
    public static final int DEFAULT_JPEG_QUALITY = 75;

    private ImageEncoder() {
    }

    /** Writes PNG or JPEG, chosen by the file extension. */
    public static void write(Path file, ImageData image) throws IOException {
        ImageFileFormat format = ImageFileFormat.fromFileName(file.getFileName().toString());
        if (format == ImageFileFormat.JPEG) {
            writeJpeg(file, image, DEFAULT_JPEG_QUALITY);
        } else {
            writePng(file, image);
        }
    }

    public static void writePng(Path file, ImageData image) throws IOException {
        AtomicFiles.write(file, encodePng(image));
    }

    /** The bytes of a PNG file, as {@link #writePng} writes it; for answers over the network. */
    public static byte[] encodePng(ImageData image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Imaging.writeImage(toArgb(image), out, ImageFormats.PNG);
        return out.toByteArray();
    }

    /** JPEG at a quality from 1 to 100; alpha is dropped, grey stays grey. */
    public static void writeJpeg(Path file, ImageData image, int quality) throws IOException {
        AtomicFiles.write(file, encodeJpeg(image, quality));
    }

    /** The bytes of a JPEG file, as {@link #writeJpeg} writes it; for in-memory round trips (FID protocol). */
    public static byte[] encodeJpeg(ImageData image, int quality) throws IOException {
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("JPEG quality must be 1..100, got " + quality);
        }
        BufferedImage buffered = image.channels() == 1 ? toGreyRaster(image) : toBgr(image);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(ios);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality / 100f);
            writer.write(null, new IIOImage(buffered, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    private static BufferedImage toArgb(ImageData image) {
        int w = image.width();
        int h = image.height();
        int c = image.channels();
        byte[] p = image.pixels();
        int[] argb = new int[w * h];
        for (int i = 0; i < argb.length; i++) {
            int s = i * c;
            int r = p[s] & 0xff;
            int g = c == 1 ? r : p[s + 1] & 0xff;
            int b = c == 1 ? r : p[s + 2] & 0xff;
            int a = c == 4 ? p[s + 3] & 0xff : 255;
            argb[i] = a << 24 | r << 16 | g << 8 | b;
        }
        BufferedImage out = new BufferedImage(w, h, c == 4 ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, w, h, argb, 0, w);
        return out;
    }

    /** Data elements of a 3-byte raster are in band order (r, g, b), whatever the storage order. */
    private static BufferedImage toBgr(ImageData image) {
        ImageData rgb = ImageChannels.convert(image, 3);
        BufferedImage out = new BufferedImage(rgb.width(), rgb.height(), BufferedImage.TYPE_3BYTE_BGR);
        out.getRaster().setDataElements(0, 0, rgb.width(), rgb.height(), rgb.pixels());
        return out;
    }

    /** Sets the grey raster directly, so no colour-space conversion touches the levels. */
    private static BufferedImage toGreyRaster(ImageData image) {
        BufferedImage out = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_BYTE_GRAY);
        out.getRaster().setDataElements(0, 0, image.width(), image.height(), image.pixels());
        return out;
    }
}
