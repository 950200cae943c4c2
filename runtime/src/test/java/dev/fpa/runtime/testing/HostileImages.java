package dev.fpa.runtime.testing;

import dev.fpa.runtime.image.ImageData;
import dev.fpa.runtime.image.ImageEncoder;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Image files whose headers promise more pixels than any reader should decode, for the tests of every module that
 * reads images. Each method writes one file and returns its path.
 */
public final class HostileImages {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    /** Uncompressed bytes per repeated DEFLATE segment of {@link #pngOfZeros}. */
    private static final int SEGMENT = 1 << 20;

    private HostileImages() {
    }

    /**
     * A grey PNG of under 100 bytes whose IHDR (with its correct CRC) declares {@code width}×{@code height} pixels;
     * the IDAT holds one compressed row of zeros, far fewer than declared.
     */
    public static Path pngWithHugeHeader(Path file, int width, int height) throws IOException {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        deflater.setInput(new byte[64]);
        deflater.finish();
        byte[] idat = new byte[64];
        int n = deflater.deflate(idat);
        deflater.end();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(PNG_SIGNATURE);
        chunk(out, "IHDR", ihdr(width, height));
        chunk(out, "IDAT", Arrays.copyOf(idat, n));
        chunk(out, "IEND", new byte[0]);
        Files.write(file, out.toByteArray());
        return file;
    }

    /**
     * A valid grey PNG of {@code side}×{@code side} black pixels that is small on disk (40000² pixels take 1.5 MB):
     * DEFLATE shrinks zeros about 1000-fold. Written in well under a second, because one compressed segment of zeros
     * is repeated rather than 1.6 GB compressed.
     */
    public static Path pngOfZeros(Path file, int side) throws IOException {
        long total = (long) side * (side + 1); // a filter byte (0, none) before each row
        byte[] segment = deflateZeros(SEGMENT, false);
        ByteArrayOutputStream zlib = new ByteArrayOutputStream();
        zlib.write(0x78);
        zlib.write(0xDA);
        for (long i = 0; i < total / SEGMENT; i++) {
            zlib.write(segment);
        }
        zlib.write(deflateZeros((int) (total % SEGMENT), true));
        // Adler-32 of zeros: the sum A stays 1 and the sum of sums B grows by 1 per byte.
        long adler = (total % 65521) << 16 | 1;
        zlib.write(new byte[] {(byte) (adler >>> 24), (byte) (adler >>> 16), (byte) (adler >>> 8), (byte) adler});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(PNG_SIGNATURE);
        chunk(out, "IHDR", ihdr(side, side));
        chunk(out, "IDAT", zlib.toByteArray());
        chunk(out, "IEND", new byte[0]);
        Files.write(file, out.toByteArray());
        return file;
    }

    /**
     * A grey 1×1 PNG whose second chunk (tEXt) declares 1,000,000,000 bytes, of which 30 follow: decoders that
     * allocate a chunk's declared length before reading it take a gigabyte.
     */
    public static Path pngWithHugeChunk(Path file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(PNG_SIGNATURE);
        chunk(out, "IHDR", ihdr(1, 1));
        DataOutputStream d = new DataOutputStream(out);
        d.writeInt(1_000_000_000);
        d.write("tEXt".getBytes(StandardCharsets.US_ASCII));
        d.write(new byte[30]);
        Files.write(file, out.toByteArray());
        return file;
    }

    /** A valid grey 1×1 PNG followed by zeros up to {@code size} bytes, far more than one pixel needs. */
    public static Path pngPaddedTo(Path file, long size) throws IOException {
        pngOfZeros(file, 1);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[1]), size - 1);
        }
        return file;
    }

    /** A valid 16×16 grey JPEG whose start-of-frame marker is rewritten to declare {@code width}×{@code height}. */
    public static Path jpegWithHugeHeader(Path file, int width, int height) throws IOException {
        byte[] jpeg = ImageEncoder.encodeJpeg(new ImageData(16, 16, 1, new byte[256]), 90);
        int sof = -1;
        for (int i = 2; i + 1 < jpeg.length && sof < 0; i++) {
            int marker = jpeg[i + 1] & 0xff;
            if ((jpeg[i] & 0xff) == 0xFF && (marker == 0xC0 || marker == 0xC2)) {
                sof = i;
            }
        }
        if (sof < 0) {
            throw new IllegalStateException("the encoder wrote no start-of-frame marker");
        }
        // FF Cx, length (2), precision (1), height (2), width (2)
        jpeg[sof + 5] = (byte) (height >>> 8);
        jpeg[sof + 6] = (byte) height;
        jpeg[sof + 7] = (byte) (width >>> 8);
        jpeg[sof + 8] = (byte) width;
        Files.write(file, jpeg);
        return file;
    }

    /**
     * Raw DEFLATE of {@code n} zeros: the final block when {@code last}, else ending in a sync flush (byte-aligned,
     * no references to earlier data), so that copies can be concatenated.
     */
    private static byte[] deflateZeros(int n, boolean last) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(new byte[n]);
        if (last) {
            deflater.finish();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        int written;
        do {
            written = deflater.deflate(buffer, 0, buffer.length, last ? Deflater.NO_FLUSH : Deflater.SYNC_FLUSH);
            out.write(buffer, 0, written);
        } while (written > 0 || last && !deflater.finished());
        deflater.end();
        return out.toByteArray();
    }

    /** Width, height, 8-bit grey, deflate, adaptive filtering, no interlace. */
    private static byte[] ihdr(int width, int height) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeInt(width);
        d.writeInt(height);
        d.write(new byte[] {8, 0, 0, 0, 0});
        return b.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        d.writeInt(data.length);
        d.write(name);
        d.write(data);
        d.writeInt((int) crc.getValue());
    }
}
