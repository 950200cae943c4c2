package dev.fpa.runtime.metrics;

import dev.fpa.runtime.array.DType;
import dev.fpa.runtime.array.NdArray;
import dev.fpa.runtime.array.Npz;
import dev.fpa.runtime.image.ImageFileFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.ejml.data.DMatrixRMaj;

/**
 * Feature statistics on disk: an {@code .npz} that pytorch-fid reads as its own ({@code mu} float64 (d,),
 * {@code sigma} float64 (d, d)), so reference statistics are computed once and reused, where the official code
 * recomputes them at every evaluation. pytorch-fid's {@code --save-stats} files (deflated, mu and sigma only)
 * are read too.
 *
 * <p>Our own entries, all plain arrays that {@code np.load(allow_pickle=False)} opens: {@code count} (int64,
 * 0-d), {@code image_size} (int64, 0-d), the strings {@code dataset}, {@code extractor},
 * {@code extractor_sha256}, {@code resize} and {@code image_format} ({@code png} or {@code jpg}) as uint8 arrays
 * of their UTF-8 bytes (in numpy: {@code f['dataset'].tobytes().decode()}), and optionally {@code features}
 * (float32 (k, d), k ≤ count), the vectors themselves or a uniform sample of them, which KID needs and the
 * Gaussian does not keep.
 * Files are written atomically and uncompressed.
 */
public final class StatisticsFile {
    private static final String MEAN = "mu";
    private static final String COVARIANCE = "sigma";
    private static final String COUNT = "count";
    private static final String FEATURES = "features";
    private static final String DATASET = "dataset";
    private static final String EXTRACTOR = "extractor";
    private static final String EXTRACTOR_SHA256 = "extractor_sha256";
    private static final String IMAGE_SIZE = "image_size";
    private static final String RESIZE = "resize";
    private static final String IMAGE_FORMAT = "image_format";

    private final Path file;
    private final MeanAndCovariance statistics;
    private final long count;
    private final StatisticsProvenance provenance;
    private final float[] features;

    private StatisticsFile(Path file, MeanAndCovariance statistics, long count, StatisticsProvenance provenance,
                           float[] features) {
        this.file = file;
        this.statistics = statistics;
        this.count = count;
        this.provenance = provenance;
        this.features = features;
    }

    /**
     * The clean-fid style name {@code {dataset}_{extractor}_{size}.npz}; characters other than letters, digits,
     * '.' and '-' become '-', so each part stays one path component and '_' stays the separator.
     */
    public static String fileName(String dataset, String extractor, int imageSize) {
        return namePart(dataset) + "_" + namePart(extractor) + "_" + imageSize + ".npz";
    }

    /**
     * Writes the statistics, their provenance and, when {@code features} is not null, feature vectors
     * (consecutive rows of {@code statistics.dim()} floats: all counted vectors or a sample of them).
     */
    public static void write(Path file, FeatureStatistics statistics, StatisticsProvenance provenance,
                             float[] features) throws IOException {
        int d = statistics.dim();
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        arrays.put(MEAN, NdArray.of(statistics.mean(), d));
        arrays.put(COVARIANCE, NdArray.of(statistics.covariance().data, d, d));
        arrays.put(COUNT, NdArray.of(new long[] {statistics.count()}));
        arrays.put(DATASET, text(provenance.dataset()));
        arrays.put(EXTRACTOR, text(provenance.extractor()));
        arrays.put(EXTRACTOR_SHA256, text(provenance.extractorSha256()));
        arrays.put(IMAGE_SIZE, NdArray.of(new long[] {provenance.imageSize()}));
        arrays.put(RESIZE, text(provenance.resize()));
        arrays.put(IMAGE_FORMAT, text(provenance.imageFormat().extension()));
        if (features != null) {
            if (features.length % d != 0 || features.length / d > statistics.count()) {
                throw new IllegalArgumentException(features.length + " feature values are not at most "
                        + statistics.count() + " vectors of " + d + " features");
            }
            arrays.put(FEATURES, NdArray.of(features, features.length / d, d));
        }
        Npz.write(file, arrays);
    }

    /**
     * Reads our files and pytorch-fid's. A missing or mis-shaped entry, numbers that are not finite, or a sigma
     * that is no covariance matrix (not symmetric, not positive semi-definite) is a one-line error naming the file;
     * so is an array whose header declares more data than the file holds.
     */
    public static StatisticsFile read(Path file) throws IOException {
        Map<String, NdArray> arrays = Npz.read(file);
        NdArray mu = require(file, arrays, MEAN);
        NdArray sigma = require(file, arrays, COVARIANCE);
        if (mu.rank() != 1) {
            throw new IOException(file + ": mu has shape " + Arrays.toString(mu.shape()) + ", expected one dimension");
        }
        int d = mu.dim(0);
        if (!Arrays.equals(sigma.shape(), new long[] {d, d})) {
            throw new IOException(file + ": sigma has shape " + Arrays.toString(sigma.shape()) + " but mu has " + d
                    + " entries");
        }
        MeanAndCovariance statistics = new MeanAndCovariance(mu.toDoubleArray(),
                DMatrixRMaj.wrap(d, d, sigma.toDoubleArray()));
        Optional<String> problem = StatisticsValidation.problem(statistics.mean(), statistics.covariance(),
                sigma.dtype());
        if (problem.isPresent()) {
            throw new IOException(file + ": " + problem.get());
        }
        long count = arrays.containsKey(COUNT) ? (long) arrays.get(COUNT).scalar() : 0;
        StatisticsProvenance provenance = arrays.containsKey(EXTRACTOR_SHA256) ? new StatisticsProvenance(
                string(file, arrays, DATASET), string(file, arrays, EXTRACTOR), string(file, arrays, EXTRACTOR_SHA256),
                (int) require(file, arrays, IMAGE_SIZE).scalar(), string(file, arrays, RESIZE),
                ImageFileFormat.parse(string(file, arrays, IMAGE_FORMAT))) : null;
        float[] features = null;
        if (arrays.containsKey(FEATURES)) {
            NdArray f = arrays.get(FEATURES);
            if (f.shape().length != 2 || f.shape()[1] != d || f.shape()[0] > count) {
                throw new IOException(file + ": features have shape " + Arrays.toString(f.shape()) + ", expected at"
                        + " most " + count + " rows of " + d);
            }
            float[] values = f.toFloatArray();
            problem = StatisticsValidation.firstNotFinite(FEATURES, values.length, d, i -> values[i]);
            if (problem.isPresent()) {
                throw new IOException(file + ": " + problem.get());
            }
            features = values;
        }
        return new StatisticsFile(file, statistics, count, provenance, features);
    }

    public Path file() {
        return file;
    }

    public MeanAndCovariance statistics() {
        return statistics;
    }

    /** The number of vectors; unknown for pytorch-fid's files. */
    public OptionalLong count() {
        return count > 0 ? OptionalLong.of(count) : OptionalLong.empty();
    }

    /** What produced the statistics; absent in pytorch-fid's files. */
    public Optional<StatisticsProvenance> provenance() {
        return Optional.ofNullable(provenance);
    }

    /** The stored feature vectors (all, or a uniform sample) as consecutive rows, for KID. */
    public Optional<float[]> features() {
        return Optional.ofNullable(features);
    }

    /**
     * Fails with a one-line message when the file records a different extractor than the one about to be
     * compared with it: such distances mean nothing. Files without provenance (pytorch-fid's) pass.
     */
    public void requireExtractor(String extractorSha256) {
        if (provenance != null && !provenance.extractorSha256().equals(extractorSha256)) {
            throw new IllegalArgumentException(file + " was computed with extractor " + provenance.extractor()
                    + " (sha256 " + provenance.extractorSha256() + "), not with the one in use (sha256 "
                    + extractorSha256 + ")");
        }
    }

    private static NdArray require(Path file, Map<String, NdArray> arrays, String name) throws IOException {
        NdArray a = arrays.get(name);
        if (a == null) {
            throw new IOException(file + ": not a feature statistics file (no '" + name + "' entry)");
        }
        return a;
    }

    private static String string(Path file, Map<String, NdArray> arrays, String name) throws IOException {
        NdArray a = require(file, arrays, name);
        if (a.dtype() != DType.UINT8) {
            throw new IOException(file + ": entry '" + name + "' is " + a.dtype() + ", expected UTF-8 bytes (uint8)");
        }
        return new String(a.bytes(), StandardCharsets.UTF_8);
    }

    private static NdArray text(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        return NdArray.ofBytes(utf8, utf8.length);
    }

    private static String namePart(String s) {
        if (s.isBlank()) {
            throw new IllegalArgumentException("statistics names need a non-empty dataset and extractor name");
        }
        return s.strip().replaceAll("[^A-Za-z0-9.-]", "-");
    }
}
