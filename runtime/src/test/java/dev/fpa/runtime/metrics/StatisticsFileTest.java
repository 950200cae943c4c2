package dev.fpa.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fpa.runtime.array.NdArray;
import dev.fpa.runtime.array.Npy;
import dev.fpa.runtime.array.Npz;
import dev.fpa.runtime.image.ImageFileFormat;
import dev.fpa.runtime.testing.CostBound;
import dev.fpa.runtime.testing.HostileArrays;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatisticsFileTest {
    private static final StatisticsProvenance PROVENANCE = new StatisticsProvenance("fid-fixture-a", "random-inception",
            "597e3e0295922e7386742210f9716dc11a0d8b3084ab08a891ed1679419e8c5c", 64, "crop", ImageFileFormat.JPEG);

    @TempDir
    Path dir;

    @Test
    void statisticsFromAFileGiveTheFidOfTheFolder() throws IOException {
        FeatureStatistics a = FidFixture.statistics("feats_a");
        FeatureStatistics b = FidFixture.statistics("feats_b");
        float[] featuresA = FidFixture.get("feats_a").toFloatArray();
        Path fileA = dir.resolve(StatisticsFile.fileName("fid-fixture-a", "random-inception", 64));
        Path fileB = dir.resolve("b.npz");
        StatisticsFile.write(fileA, a, PROVENANCE, featuresA);
        StatisticsFile.write(fileB, b, PROVENANCE, null);

        StatisticsFile readA = StatisticsFile.read(fileA);
        StatisticsFile readB = StatisticsFile.read(fileB);
        assertEquals(FrechetDistance.between(a.meanAndCovariance(), b.meanAndCovariance()),
                FrechetDistance.between(readA.statistics(), readB.statistics()));
        assertEquals(48, readA.count().orElseThrow());
        assertEquals(PROVENANCE, readA.provenance().orElseThrow());
        assertArrayEquals(featuresA, readA.features().orElseThrow());
        assertFalse(readB.features().isPresent());
    }

    @Test
    void readsPytorchFidSaveStatsFiles() throws IOException {
        FeatureStatistics a = FidFixture.statistics("feats_a");
        MeanAndCovariance b = FidFixture.statistics("feats_b").meanAndCovariance();
        Path file = dir.resolve("stats_a.npz");
        writeLikeSavezCompressed(file, Map.of("mu", NdArray.of(a.mean(), a.dim()),
                "sigma", NdArray.of(a.covariance().data, a.dim(), a.dim())));

        StatisticsFile read = StatisticsFile.read(file);
        assertTrue(read.count().isEmpty());
        assertTrue(read.provenance().isEmpty());
        read.requireExtractor("any");
        assertEquals(FrechetDistance.between(a.meanAndCovariance(), b), FrechetDistance.between(read.statistics(), b));
    }

    @Test
    void aMissingOrMisShapedEntryIsOneLine() throws IOException {
        Path noSigma = dir.resolve("no-sigma.npz");
        Npz.write(noSigma, Map.of("mu", NdArray.of(new double[4], 4)));
        IOException missing = assertThrows(IOException.class, () -> StatisticsFile.read(noSigma));
        assertEquals(noSigma + ": not a feature statistics file (no 'sigma' entry)", missing.getMessage());

        Path misShaped = dir.resolve("mis-shaped.npz");
        Npz.write(misShaped, Map.of("mu", NdArray.of(new double[4], 4), "sigma", NdArray.of(new double[9], 3, 3)));
        IOException shape = assertThrows(IOException.class, () -> StatisticsFile.read(misShaped));
        assertEquals(misShaped + ": sigma has shape [3, 3] but mu has 4 entries", shape.getMessage());
    }

    @Test
    void statisticsNoSetOfVectorsCanHaveAreRefusedNamingTheFileAndTheProblem() throws IOException {
        Path indefinite = HostileArrays.statsWithIndefiniteSigma(dir.resolve("indefinite.npz"), 8);
        assertEquals(indefinite + ": sigma is not positive semi-definite (it has an eigenvalue below zero beyond"
                + " rounding), so it is not a covariance matrix", refusal(indefinite));
        Path asymmetric = HostileArrays.statsWithNonSymmetricSigma(dir.resolve("asymmetric.npz"), 8);
        assertEquals(asymmetric + ": sigma is not symmetric (sigma[0, 1] = 0.500000 but sigma[1, 0] = -0.500000), so"
                + " it is not a covariance matrix", refusal(asymmetric));
        Path infinite = HostileArrays.statsWithInfiniteMean(dir.resolve("infinite.npz"), 8);
        assertEquals(infinite + ": mu[3] is infinite; statistics must be finite numbers", refusal(infinite));
        Path nan = HostileArrays.statsWithNaNSigma(dir.resolve("nan.npz"), 8);
        assertEquals(nan + ": sigma[2, 3] is NaN; statistics must be finite numbers", refusal(nan));
        Path huge = HostileArrays.npzWithHugeDeclaredSigma(dir.resolve("huge.npz"));
        assertEquals(huge + ":sigma.npy: truncated: declares 2,048,000,000 bytes of array data but only 2,097,152"
                + " bytes are present", refusal(huge));
    }

    @Test
    void aSingularCovarianceStoredAsFloat32IsStillACovariance() throws IOException {
        FeatureStatistics a = FidFixture.statistics("feats_a");
        double[] sigma = a.covariance().data;
        float[] rounded = new float[sigma.length];
        for (int i = 0; i < sigma.length; i++) {
            rounded[i] = (float) sigma[i];
        }
        Path file = dir.resolve("float32.npz");
        Npz.write(file, Map.of("mu", NdArray.of(a.mean(), a.dim()), "sigma", NdArray.of(rounded, a.dim(), a.dim())));
        assertEquals(a.dim(), StatisticsFile.read(file).statistics().dim());
    }

    private static String refusal(Path file) {
        return CostBound.refuses(IOException.class, () -> StatisticsFile.read(file)).getMessage();
    }

    @Test
    void refusesStatisticsOfAnotherExtractor() throws IOException {
        Path file = dir.resolve("a.npz");
        StatisticsFile.write(file, FidFixture.statistics("feats_a"), PROVENANCE, null);
        StatisticsFile read = StatisticsFile.read(file);
        read.requireExtractor(PROVENANCE.extractorSha256());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read.requireExtractor("beef"));
        assertTrue(e.getMessage().contains("random-inception"), e.getMessage());
    }

    @Test
    void namesFollowCleanFid() {
        assertEquals("fashion-mnist_inception-v3.pool3_32.npz",
                StatisticsFile.fileName("fashion-mnist", "inception-v3.pool3", 32));
        assertEquals("my-photos_fid-inception_64.npz", StatisticsFile.fileName("my photos", "fid_inception", 64));
    }

    /** What np.savez_compressed writes: a ZIP of deflated .npy entries. */
    private static void writeLikeSavezCompressed(Path file, Map<String, NdArray> arrays) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setMethod(ZipOutputStream.DEFLATED);
            for (Map.Entry<String, NdArray> a : arrays.entrySet()) {
                zip.putNextEntry(new ZipEntry(a.getKey() + ".npy"));
                Npy.write(zip, a.getValue());
                zip.closeEntry();
            }
        }
    }
}
