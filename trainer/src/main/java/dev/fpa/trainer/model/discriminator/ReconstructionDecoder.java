package dev.fpa.trainer.model.discriminator;

import dev.fpa.trainer.model.layers.Glu;
import dev.fpa.trainer.model.layers.ModuleList;
import dev.fpa.trainer.model.layers.Sequential;
import dev.fpa.trainer.model.layers.TorchConv2d;
import dev.fpa.trainer.model.layers.TorchModule;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The discriminator's self-supervised decoder (official SimpleDecoder, DESIGN.md §6.3): each layer doubles the side
 * (nearest), applies a 3×3 convolution and a GLU, which halves the channels; the last convolution makes 2·C channels
 * so that the image channels C come out. Child {@code layers}: Sequentials [upsample, conv, GLU].
 */
final class ReconstructionDecoder extends TorchModule {
    /** Upsamplings of the official decoder: 8×8 features become a 128×128 reconstruction. */
    static final int UPSAMPLES = 4;
    private static final int SCALE = 2;
    private static final int KERNEL = 3;

    private final ModuleList layers;

    ReconstructionDecoder(int chanIn, int imageChannels) {
        this.layers = addChildBlock("layers", new ModuleList());
        int chans = chanIn;
        for (int i = 0; i < UPSAMPLES; i++) {
            boolean last = i == UPSAMPLES - 1;
            int chanOut = last ? 2 * imageChannels : chans;
            layers.add(new Sequential()
                    .add(x -> x.repeat(2, SCALE).repeat(3, SCALE))
                    .add(TorchConv2d.builder(chans, chanOut, KERNEL).padding(KERNEL / 2).build())
                    .add(Glu::apply));
            chans /= 2;
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String,
            Object> params) {
        NDList x = inputs;
        for (Block layer : layers.getChildren().values()) {
            x = layer.forward(ps, x, training, params);
        }
        return x;
    }
}
