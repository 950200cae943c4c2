package dev.fpa.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class BilinearResizeTest {
    @Test
    void upsamplesLikeTorchInterpolate() {
        // torch.nn.functional.interpolate(torch.tensor([[[[0., 1.], [2., 3.]]]]), size=(4, 4), mode="bilinear",
        // align_corners=False)
        ImageBatch in = new ImageBatch(new float[] {0, 1, 2, 3}, 1, 1, 2, 2);
        float[] expected = {
            0.0f, 0.25f, 0.75f, 1.0f,
            0.5f, 0.75f, 1.25f, 1.5f,
            1.5f, 1.75f, 2.25f, 2.5f,
            2.0f, 2.25f, 2.75f, 3.0f};
        assertArrayEquals(expected, BilinearResize.apply(in, 4, 4).pixels(), 1e-6f);
    }

    @Test
    void downsamplesWithoutAntialiasing() {
        // 4 → 2: source coordinates 0.5 and 2.5, so each output averages a pair and ignores the other pixels'
        // neighbours; 3 → 1 (width): coordinate 1, the middle pixel alone
        float[] rows = {
            0, 1, 2,
            4, 5, 6,
            8, 9, 10,
            12, 13, 14};
        ImageBatch in = new ImageBatch(rows, 1, 1, 4, 3);
        assertArrayEquals(new float[] {3, 11}, BilinearResize.apply(in, 2, 1).pixels(), 1e-6f);
    }

    @Test
    void leavesImagesOfTheTargetSizeAlone() {
        ImageBatch in = new ImageBatch(new float[] {1, 2, 3, 4}, 1, 1, 2, 2);
        assertSame(in, BilinearResize.apply(in, 2, 2));
    }
}
