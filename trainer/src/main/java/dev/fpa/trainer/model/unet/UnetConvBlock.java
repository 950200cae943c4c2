package dev.fpa.trainer.model.unet;

import dev.fpa.trainer.model.layers.TorchConv2d;
import dev.fpa.trainer.model.layers.TorchGroupNorm;
import dev.fpa.trainer.model.layers.TorchModule;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** The U-Net's Block (DESIGN.md §5): 3×3 conv {@code proj} (padding 1) → GroupNorm {@code norm} → SiLU. */
public final class UnetConvBlock extends TorchModule {
    private static final int KERNEL = 3;

    private final TorchConv2d proj;
    private final TorchGroupNorm norm;

    public UnetConvBlock(int in, int out, int groups) {
        this.proj = addChildBlock("proj", TorchConv2d.builder(in, out, KERNEL).padding(KERNEL / 2).build());
        this.norm = addChildBlock("norm", new TorchGroupNorm(groups, out));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String,
            Object> params) {
        NDArray y = norm.forward(ps, proj.forward(ps, inputs, training), training).head();
        return new NDList(y.mul(Activation.sigmoid(y)));
    }
}
