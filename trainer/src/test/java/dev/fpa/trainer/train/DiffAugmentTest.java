package dev.fpa.trainer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** DiffAugment against loop-by-loop readings of diff_augment.py, with the same random draws. */
class DiffAugmentTest {
    private static final int B = 3;
    private static final int C = 2;
    private static final int S = 16;

    private static float[] image() {
        float[] x = new float[B * C * S * S];
        for (int i = 0; i < x.length; i++) {
            x[i] = 1 + i % 97;
        }
        return x;
    }

    private static float at(float[] x, int b, int c, int i, int j) {
        return x[((b * C + c) * S + i) * S + j];
    }

    @Test
    void translationShiftsEachImageAndFillsWithZeros() {
        float[] x = image();
        int shift = (int) (S * 0.125 + 0.5);
        SplittableRandom draws = new SplittableRandom(3);
        int[] dy = draws.ints(B, -shift, shift + 1).toArray();
        int[] dx = draws.ints(B, -shift, shift + 1).toArray();
        float[] expected = new float[x.length];
        for (int b = 0; b < B; b++) {
            for (int c = 0; c < C; c++) {
                for (int i = 0; i < S; i++) {
                    for (int j = 0; j < S; j++) {
                        int si = i + dy[b];
                        int sj = j + dx[b];
                        boolean inside = si >= 0 && si < S && sj >= 0 && sj < S;
                        expected[((b * C + c) * S + i) * S + j] = inside ? at(x, b, c, si, sj) : 0;
                    }
                }
            }
        }
        assertArrayEquals(expected, apply(AugmentType.TRANSLATION, x, 3), 0f);
    }

    @Test
    void cutoutBlacksOutOneClippedSquarePerImage() {
        float[] x = image();
        int size = (int) (S * 0.5 + 0.5);
        SplittableRandom draws = new SplittableRandom(4);
        int[] oy = draws.ints(B, 0, S + 1 - size % 2).toArray();
        int[] ox = draws.ints(B, 0, S + 1 - size % 2).toArray();
        float[] expected = x.clone();
        for (int b = 0; b < B; b++) {
            for (int k = 0; k < size; k++) {
                for (int l = 0; l < size; l++) {
                    // The official clamps each index of the square into the image.
                    int i = Math.min(Math.max(oy[b] + k - size / 2, 0), S - 1);
                    int j = Math.min(Math.max(ox[b] + l - size / 2, 0), S - 1);
                    for (int c = 0; c < C; c++) {
                        expected[((b * C + c) * S + i) * S + j] = 0;
                    }
                }
            }
        }
        assertArrayEquals(expected, apply(AugmentType.CUTOUT, x, 4), 0f);
    }

    @Test
    void offsetRollsWithWrapAround() {
        float[] x = image();
        SplittableRandom draws = new SplittableRandom(6);
        float[] expected = new float[x.length];
        for (int b = 0; b < B; b++) {
            int h = draws.nextInt(S + 1) * 2 - S;
            int v = draws.nextInt(S + 1) * 2 - S;
            for (int c = 0; c < C; c++) {
                for (int i = 0; i < S; i++) {
                    for (int j = 0; j < S; j++) {
                        expected[((b * C + c) * S + Math.floorMod(i + v, S)) * S + Math.floorMod(j + h, S)] =
                                at(x, b, c, i, j);
                    }
                }
            }
        }
        assertArrayEquals(expected, apply(AugmentType.OFFSET, x, 6), 0f);
    }

    @Test
    void colorScalesAroundTheMeans() {
        float[] x = image();
        float[] y = apply(AugmentType.COLOR, x, 8);
        assertEquals(x.length, y.length);
        assertNotEquals(x[0], y[0]);
    }

    @Test
    void theCoinDecidesForTheWholeBatchAndGradientsFlow() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(image(), new Shape(B, C, S, S));
            DiffAugment never = new DiffAugment(0, List.of("cutout", "translation"));
            assertArrayEquals(x.toFloatArray(), never.apply(x, new SplittableRandom(1)).toFloatArray(), 0f);
            DiffAugment always = new DiffAugment(1, List.of("translation", "cutout", "color", "offset_h", "offset_v"));
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                x.setRequiresGradient(true);
                NDArray y = always.apply(x, new SplittableRandom(2));
                collector.backward(y.sum());
            }
            assertTrue(x.getGradient().abs().sum().getFloat() > 0);
        }
        assertThrows(IllegalArgumentException.class, () -> AugmentType.parse("blur"));
    }

    private static float[] apply(AugmentType type, float[] x, long seed) {
        try (NDManager m = NDManager.newBaseManager()) {
            return type.apply(m.create(x, new Shape(B, C, S, S)), new SplittableRandom(seed)).toFloatArray();
        }
    }
}
