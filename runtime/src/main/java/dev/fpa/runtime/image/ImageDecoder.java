package dev.fpa.runtime.image;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
 */
public final class ImageDecoder {
    private ImageDecoder() {
    }

    public static ImageData read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no such file");
        }
        try {
            return decode(bytes);
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + ": cannot decode image (" + message(e) + ")", e);
        }
    }

    /** Decodes PNG or JPEG bytes. */
    public static ImageData decode(byte[] bytes) throws IOException {
        if (isPng(bytes)) {
            return decodePng(bytes);
        }
        if (isJpeg(bytes)) {
            return decodeJpeg(bytes);
        }
        throw new IOException("not a PNG or JPEG file");
    }

    private static ImageData decodePng(byte[] bytes) throws IOException {
        ImageInfo info = Imaging.getImageInfo(bytes);
        PngImagingParameters params = new PngImagingParameters();
        params.setBufferedImageFactory(new RgbBufferedImageFactory());
        BufferedImage image = new PngImageParser().getBufferedImage(bytes, params);
        boolean grey = info.getColorType() == ImageInfo.ColorType.GRAYSCALE
                || info.getColorType() == ImageInfo.ColorType.BW;
        return fromRgb(image, grey, image.getColorModel().hasAlpha());
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

    /** Packs ARGB pixels; a grey source keeps one channel, since its r, g and b are equal. */
    private static ImageData fromRgb(BufferedImage image, boolean grey, boolean alpha) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        int c = alpha ? 4 : grey ? 1 : 3;
        byte[] out = new byte[w * h * c];
        for (int i = 0; i < argb.length; i++) {
            int p = argb[i];
            int d = i * c;
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
        return new ImageData(w, h, c, out);
    }

    static boolean isPng(byte[] b) {
        return b.length > 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G';
    }

    static boolean isJpeg(byte[] b) {
        return b.length > 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8;
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
