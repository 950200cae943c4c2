package dev.fpa.runtime.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SlerpTest {
    @Test
    void quarterCircleKeepsTheNorm() {
        float[] a = {1, 0};
        float[] b = {0, 1};
        float[] mid = Slerp.between(a, b, 0.5);
        assertEquals(Math.sqrt(0.5), mid[0], 1e-6);
        assertEquals(Math.sqrt(0.5), mid[1], 1e-6);
        assertArrayEquals(a, Slerp.between(a, b, 0), 1e-6f);
        assertArrayEquals(b, Slerp.between(a, b, 1), 1e-6f);
    }

    @Test
    void parallelLatentsFallBackToALine() {
        float[] mid = Slerp.between(new float[] {1, 1}, new float[] {2, 2}, 0.5);
        assertArrayEquals(new float[] {1.5f, 1.5f}, mid, 1e-6f);
    }

    @Test
    void walkVisitsEveryLatentInOrder() {
        float[] latents = {1, 0, 0, 1, -1, 0};
        float[] walk = Slerp.walk(latents, 3, 2, 4);
        assertEquals(2 * (2 * 4 + 1), walk.length);
        assertArrayEquals(new float[] {1, 0}, new float[] {walk[0], walk[1]}, 1e-6f);
        assertArrayEquals(new float[] {0, 1}, new float[] {walk[8], walk[9]}, 1e-6f);
        assertArrayEquals(new float[] {-1, 0}, new float[] {walk[16], walk[17]}, 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> Slerp.walk(latents, 1, 2, 4));
    }
}
