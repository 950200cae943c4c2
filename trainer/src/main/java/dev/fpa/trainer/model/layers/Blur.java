package dev.fpa.trainer.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Lightweight-GAN's anti-aliasing Blur (kornia filter2d, normalized): the outer product of the buffer
 * {@code f} = [1, 2, 1] with itself, divided by its sum, applied to each channel with reflect padding.
 * The FPA discriminator rebinds Blur to the identity (DESIGN.md §6.1), which has no buffer.
 */
public final class Blur extends TorchModule {
    private static final float[] TAPS = {1, 2, 1};

    private final Parameter f;

    private Blur(boolean active) {
        this.f = active
                ? buffer("f", new Shape(TAPS.length), (manager, shape,
                        dataType) -> manager.create(TAPS).toType(dataType, false))
                : null;
    }

    /** The real blur, as in the LightGAN baseline. */
    public static Blur active() {
        return new Blur(true);
    }

    /** The no-op the FPA discriminator uses in its place. */
    public static Blur identity() {
        return new Blur(false);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String,
            Object> params) {
        if (f == null) {
            return inputs;
        }
        NDArray x = inputs.head();
        // The buffer is never trained, so the kernel is built from its values as a constant of this call.
        float[] taps = ps.getValue(f, x.getDevice(), false).toFloatArray();
        int channels = Math.toIntExact(x.getShape().get(1));
        NDArray kernel = depthwiseKernel(x, taps, channels);
        int pad = taps.length / 2;
        return Conv2d.conv2d(reflectPad(x, pad), kernel, null, new Shape(1, 1), new Shape(0, 0), new Shape(1, 1),
                channels);
    }

    /** Whether this is the real blur (with its buffer f) rather than the identity. */
    public boolean isActive() {
        return f != null;
    }

    /**
     * (C, 1, k, k), row-major: the outer product of the taps, normalised to a sum of absolute values of 1, for
     * each channel.
     */
    public static float[] depthwiseKernel(float[] taps, int channels) {
        int k = taps.length;
        float tapSum = 0;
        for (float t : taps) {
            tapSum += Math.abs(t);
        }
        float[] kernel = new float[channels * k * k];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    kernel[(c * k + i) * k + j] = taps[i] * taps[j] / (tapSum * tapSum);
                }
            }
        }
        return kernel;
    }

    /** The kernel in libtorch's memory: the convolution's backward keeps it (see {@link Scalars}). */
    private static NDArray depthwiseKernel(NDArray x, float[] taps, int channels) {
        int k = taps.length;
        try (NDArray javaBacked = x.getManager().create(depthwiseKernel(taps, channels), new Shape(channels, 1, k,
                k))) {
            return javaBacked.toType(x.getDataType(), true);
        }
    }

    /** Mirror padding of the last two axes without repeating the edge pixel, as torch's "reflect". */
    private static NDArray reflectPad(NDArray x, int pad) {
        NDArray out = x;
        for (int axis = 2; axis <= 3; axis++) {
            long n = out.getShape().get(axis);
            String lead = axis == 2 ? ":, :, " : ":, :, :, ";
            NDArray before = out.get(lead + "1:" + (pad + 1)).flip(axis);
            NDArray after = out.get(lead + (n - 1 - pad) + ":" + (n - 1)).flip(axis);
            out = NDArrays.concat(new NDList(before, out, after), axis);
        }
        return out;
    }
}
