package dev.fpa.runtime.testing;

import dev.fpa.runtime.array.NdArray;
import dev.fpa.runtime.array.Npy;
import dev.fpa.runtime.array.Npz;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Small array files whose headers lie (.npy, .npz, IDX) and feature statistics that no set of feature vectors can
 * have, for the tests of every module that reads them. Each method writes one file and returns its path.
 */
public final class HostileArrays {
    /** The side of the sigma that {@link #npzWithHugeDeclaredSigma} declares: 2 GB of float64. */
    public static final int HUGE_SIGMA_SIDE = 16_000;

    private HostileArrays() {
    }

    /** A 2 KB .npy whose header declares a float32 array of shape (4000000, 128): 2 GB that are not there. */
    public static Path npyWithHugeShape(Path file) throws IOException {
        return npyWithHeader(file, "{'descr': '<f4', 'fortran_order': False, 'shape': (4000000, 128), }", 1920);
    }

    /** A version 1 .npy with the header dictionary {@code dict} (verbatim) and {@code dataBytes} zero bytes of data. */
    public static Path npyWithHeader(Path file, String dict, int dataBytes) throws IOException {
        Files.write(file, concat(npyHeader(1, dict), new byte[dataBytes]));
        return file;
    }

    /** A version 2 .npy whose header length field says 2,000,000,000 bytes; 64 bytes follow. */
    public static Path npyWithHugeHeaderLength(Path file) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(12 + 64).order(ByteOrder.LITTLE_ENDIAN);
        head.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0}).putInt(2_000_000_000);
        Files.write(file, head.array());
        return file;
    }

    /**
     * A 2 MB pytorch-fid style .npz (stored, as {@code numpy.savez} writes) with a valid {@code mu} of
     * {@value #HUGE_SIGMA_SIDE} entries and a {@code sigma} entry whose header declares
     * {@value #HUGE_SIGMA_SIDE}² float64 (2 GB) but which holds 2 MB.
     */
    public static Path npzWithHugeDeclaredSigma(Path file) throws IOException {
        return npzWithHugeDeclaredSigma(file, false);
    }

    /**
     * {@link #npzWithHugeDeclaredSigma(Path)} deflated, as {@code numpy.savez_compressed} and pytorch-fid's
     * {@code --save-stats} write: only inflating tells how much an entry holds.
     */
    public static Path compressedNpzWithHugeDeclaredSigma(Path file) throws IOException {
        return npzWithHugeDeclaredSigma(file, true);
    }

    private static Path npzWithHugeDeclaredSigma(Path file, boolean compressed) throws IOException {
        byte[] mu = npy(NdArray.of(new double[HUGE_SIGMA_SIDE], HUGE_SIGMA_SIDE));
        byte[] sigma = concat(npyHeader(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (" + HUGE_SIGMA_SIDE
                + ", " + HUGE_SIGMA_SIDE + "), }"), new byte[2 << 20]);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            put(zip, "mu.npy", mu, compressed);
            put(zip, "sigma.npy", sigma, compressed);
        }
        return file;
    }

    /**
     * Statistics with a symmetric sigma of unit diagonal that is far from positive semi-definite: the identity with
     * 10⁶ at [0, 1] and [1, 0], whose eigenvalues there are 1 ± 10⁶. Against most references it gives a negative
     * FID when accepted.
     */
    public static Path statsWithIndefiniteSigma(Path file, int dim) throws IOException {
        double[] sigma = identity(dim);
        sigma[1] = 1e6;
        sigma[dim] = 1e6;
        return writeStats(file, new double[dim], sigma);
    }

    /** Statistics whose sigma is the identity with one off-diagonal pair of opposite signs. */
    public static Path statsWithNonSymmetricSigma(Path file, int dim) throws IOException {
        double[] sigma = identity(dim);
        sigma[1] = 0.5;
        sigma[dim] = -0.5;
        return writeStats(file, new double[dim], sigma);
    }

    /** Statistics with +Infinity at index 3 of mu (dim ≥ 4). */
    public static Path statsWithInfiniteMean(Path file, int dim) throws IOException {
        double[] mu = new double[dim];
        mu[3] = Double.POSITIVE_INFINITY;
        return writeStats(file, mu, identity(dim));
    }

    /** Statistics with NaN at sigma[2, 3] and sigma[3, 2] (dim ≥ 4). */
    public static Path statsWithNaNSigma(Path file, int dim) throws IOException {
        double[] sigma = identity(dim);
        sigma[2 * dim + 3] = Double.NaN;
        sigma[3 * dim + 2] = Double.NaN;
        return writeStats(file, new double[dim], sigma);
    }

    /** An IDX image file (big-endian) declaring 2,000,000,000 images of 1×1 pixels; 16 bytes of pixels follow. */
    public static Path idxImagesWithHugeCount(Path file) throws IOException {
        return writeIdx(file, 0x00000803, 2_000_000_000, 1, 1);
    }

    /** A gzipped IDX label file declaring 2,000,000,000 labels; 16 follow. */
    public static Path idxLabelsWithHugeCount(Path file) throws IOException {
        return writeIdx(file, 0x00000801, 2_000_000_000);
    }

    private static Path writeIdx(Path file, int magic, int... dims) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
             DataOutputStream out = new DataOutputStream(file.toString().endsWith(".gz")
                     ? new GZIPOutputStream(raw) : raw)) {
            out.writeInt(magic);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(new byte[16]);
        }
        return file;
    }

    private static Path writeStats(Path file, double[] mu, double[] sigma) throws IOException {
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        arrays.put("mu", NdArray.of(mu, mu.length));
        arrays.put("sigma", NdArray.of(sigma, mu.length, mu.length));
        Npz.write(file, arrays);
        return file;
    }

    private static double[] identity(int dim) {
        double[] m = new double[dim * dim];
        for (int i = 0; i < dim; i++) {
            m[i * dim + i] = 1;
        }
        return m;
    }

    /** Magic, version and a header padded so that the data starts at byte 128, as numpy writes it. */
    private static byte[] npyHeader(int major, String dict) {
        int prefix = major == 1 ? 10 : 12;
        String header = dict + " ".repeat(128 - prefix - dict.length() - 1) + "\n";
        ByteBuffer b = ByteBuffer.allocate(prefix + header.length()).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        if (major == 1) {
            b.putShort((short) header.length());
        } else {
            b.putInt(header.length());
        }
        return b.put(header.getBytes(StandardCharsets.ISO_8859_1)).array();
    }

    private static byte[] npy(NdArray array) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, array);
        return out.toByteArray();
    }

    private static void put(ZipOutputStream zip, String name, byte[] bytes, boolean compressed) throws IOException {
        ZipEntry e = new ZipEntry(name);
        if (!compressed) {
            e.setMethod(ZipEntry.STORED);
            e.setSize(bytes.length);
            CRC32 crc = new CRC32();
            crc.update(bytes);
            e.setCrc(crc.getValue());
        }
        zip.putNextEntry(e);
        zip.write(bytes);
        zip.closeEntry();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
