package dev.fpa.trainer.model.lightgan;

import dev.fpa.trainer.model.layers.Blur;
import dev.fpa.trainer.model.layers.Conv2dSame;
import dev.fpa.trainer.model.layers.Glu;
import dev.fpa.trainer.model.layers.TorchBatchNorm2d;
import dev.fpa.trainer.model.layers.TorchModule;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One up-sampling step of the LightGAN generator (DESIGN.md §4.6), torch's Sequential [Upsample ×2 (nearest), Blur,
 * Conv2dSame(in → 2·out, k4), Noise, BatchNorm2d(2·out), GLU]; the parameterless steps 0 and 5 hold no keys.
 * Input (x) or (x, noise map (B, 1, 2H, 2W)); output (B, out, 2H, 2W).
 */
public final class LightGanUpBlock extends TorchModule {
    public static final int SCALE = 2;
    private static final int KERNEL = 4;

    private final Blur blur;
    private final Conv2dSame conv;
    private final Noise noise;
    private final TorchBatchNorm2d norm;

    public LightGanUpBlock(int in, int out) {
        this.blur = addChildBlock("1", Blur.active());
        this.conv = addChildBlock("2", new Conv2dSame(in, 2 * out, KERNEL));
        this.noise = addChildBlock("3", new Noise());
        this.norm = addChildBlock("4", new TorchBatchNorm2d(2 * out));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String,
            Object> params) {
        NDArray upsampled = inputs.head().repeat(2, SCALE).repeat(3, SCALE);
        NDList x = conv.forward(ps, blur.forward(ps, new NDList(upsampled), training), training);
        NDList noisy = inputs.size() > 1 ? new NDList(x.head(), inputs.get(1)) : x;
        NDArray y = norm.forward(ps, noise.forward(ps, noisy, training), training).head();
        return new NDList(Glu.apply(y));
    }
}
