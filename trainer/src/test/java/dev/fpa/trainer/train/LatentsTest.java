package dev.fpa.trainer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.fpa.runtime.latent.LatentSampler;
import org.junit.jupiter.api.Test;
import java.util.Arrays;

/** The trainer draws exactly the runtime's latents for a seed (and the documented pinned values). */
class LatentsTest {
    /** The same pinned values as the runtime's LatentSamplerTest: seed 42, first four numbers. */
    private static final float[] PINNED_SEED_42 = {0.8822489f, 1.3884733f, -0.45084986f, 0.67071646f};

    @Test
    void trainerLatentsEqualRuntimeLatents() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray z = Latents.sample(m, 42, 3, 4);
            float[] values = z.toFloatArray();
            assertArrayEquals(LatentSampler.sample(42, 3, 4), values, 0f);
            assertArrayEquals(PINNED_SEED_42, Arrays.copyOf(values, 4), 0f);
            NDArray each = Latents.sampleEach(m, new long[] {5, 6}, 8);
            assertArrayEquals(LatentSampler.sampleEach(new long[] {5, 6}, 8), each.toFloatArray(), 0f);
        }
    }
}
