package dev.fpa.trainer.model.unet;

import dev.fpa.trainer.model.layers.TorchConv2d;
import dev.fpa.trainer.model.layers.TorchModule;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The U-Net's ResnetBlock without time embedding (DESIGN.md §5): block2(block1(x)) + R(x), where R is a 1×1
 * convolution {@code res_conv} when the channel count changes and the identity otherwise.
 */
public final class ResnetBlock extends TorchModule {
    private final UnetConvBlock block1;
    private final UnetConvBlock block2;
    private final TorchConv2d resConv;

    public ResnetBlock(int in, int out, int groups) {
        this.block1 = addChildBlock("block1", new UnetConvBlock(in, out, groups));
        this.block2 = addChildBlock("block2", new UnetConvBlock(out, out, groups));
        this.resConv = in == out ? null : addChildBlock("res_conv", TorchConv2d.builder(in, out, 1).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String,
            Object> params) {
        NDArray h = block2.forward(ps, block1.forward(ps, inputs, training), training).head();
        NDArray shortcut = resConv == null ? inputs.head() : resConv.forward(ps, inputs, training).head();
        return new NDList(h.add(shortcut));
    }
}
