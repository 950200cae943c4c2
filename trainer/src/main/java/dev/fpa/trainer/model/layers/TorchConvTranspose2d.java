package dev.fpa.trainer.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * torch.nn.ConvTranspose2d (square kernel, no output padding, one group), emulated because DJL's PyTorch
 * engine has no transposed convolution: insert stride−1 zeros between input pixels, zero-pad by
 * kernel−1−padding, then convolve with the kernel flipped spatially and its in/out axes swapped. The weight
 * keeps torch's layout (in, out, k, k), so checkpoints load unchanged; output side (n−1)·stride − 2·padding + k.
 */
public final class TorchConvTranspose2d extends TorchModule {
    private final int kernel;
    private final int stride;
    private final int padding;
    private final Parameter weight;
    private final Parameter bias;

    public TorchConvTranspose2d(int in, int out, int kernel, int stride, int padding) {
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        Shape weightShape = new Shape(in, out, kernel, kernel);
        this.weight = parameter("weight", Parameter.Type.WEIGHT, weightShape, TorchInit.defaultWeight());
        this.bias = parameter("bias", Parameter.Type.BIAS, new Shape(out), TorchInit.defaultBias(weightShape));
    }

    public int stride() {
        return stride;
    }

    public int padding() {
        return padding;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String,
            Object> params) {
        NDArray x = inputs.head();
        NDArray w = ps.getValue(weight, x.getDevice(), training);
        NDArray b = ps.getValue(bias, x.getDevice(), training);
        NDArray kernelForConv = ownedLike(x, ownedLike(x, w.flip(2, 3)).transpose(1, 0, 2, 3));
        int edge = kernel - 1 - padding;
        // The dilated input already ends in stride−1 zeros, so the far side needs that many fewer
        // (torch crops when a pad is negative).
        int farEdge = edge - (stride - 1);
        NDArray padded = dilate(x).pad(new Shape(edge, farEdge, edge, farEdge), 0);
        return Conv2d.conv2d(padded, kernelForConv, b);
    }

    /** (B, C, H, W) → (B, C, H·s, W·s) with each pixel followed by s−1 zeros in both directions. */
    private NDArray dilate(NDArray x) {
        if (stride == 1) {
            return x;
        }
        Shape s = x.getShape();
        long b = s.get(0);
        long c = s.get(1);
        long h = s.get(2);
        long w = s.get(3);
        return x.reshape(b, c, h, 1, w, 1)
                .pad(new Shape(0, stride - 1, 0, 0, 0, stride - 1), 0)
                .reshape(b, c, h * stride, w * stride);
    }
}
