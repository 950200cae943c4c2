package dev.fpa.trainer.model.lightgan;

import dev.fpa.trainer.model.config.GeneratorConfig;
import dev.fpa.trainer.model.layers.Glu;
import dev.fpa.trainer.model.layers.ImageGenerator;
import dev.fpa.trainer.model.layers.LocalLinearAttention;
import dev.fpa.trainer.model.layers.ModuleList;
import dev.fpa.trainer.model.layers.PreNorm;
import dev.fpa.trainer.model.layers.Scalars;
import dev.fpa.trainer.model.layers.Sequential;
import dev.fpa.trainer.model.layers.TorchBatchNorm2d;
import dev.fpa.trainer.model.layers.TorchConv2d;
import dev.fpa.trainer.model.layers.TorchConvTranspose2d;
import dev.fpa.trainer.model.layers.TorchInit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The LightGAN baseline generator, model type {@code base} (DESIGN.md §4.6; lightweight-GAN's Generator). z (B, latent)
 * → ConvTranspose k4 to 4×4 with 2·latent channels → BatchNorm → GLU → L2 normalisation over channels, then one
 * {@link LightGanUpBlock} per doubling, each preceded by x + attention(ChanNorm(x)) when its input side is in
 * {@code attnResLayers}, then a 3×3 {@code out_conv} to the image channels with no activation. The channels at
 * input side 2^r are 2^(12 − r), capped at fmapMax. Conv weights are Kaiming-normal.
 *
 * <p>Input: z, optionally followed by noise maps named after their Noise layer ({@link #noiseName}); a layer
 * without a map draws its own. Skip-layer excitation only exists above 64×64 and is not implemented, so larger
 * sizes are refused.
 */
public final class LightGanGenerator extends ImageGenerator {
    public static final String MODEL_TYPE = GeneratorConfig.BASELINE;

    /** Lightweight-GAN's fmap_inverse_coef: the nominal channel count at side 2^r is 2^(coef − r). */
    private static final int FMAP_INVERSE_COEF = 12;
    /** Sides up to which the official generator has no skip-layer excitation (its links start at 128). */
    private static final int MAX_IMAGE_SIZE = 64;
    private static final int INITIAL_SIDE = 4;
    private static final int OUT_KERNEL = 3;
    /** F.normalize's default eps. */
    public static final double NORMALIZE_EPS = 1e-12;

    private final Sequential initialConv;
    private final List<LightGanUpBlock> upBlocks = new ArrayList<>();
    private final List<PreNorm> attentions = new ArrayList<>();
    private final TorchConv2d outConv;

    /**
     * Uses image_size (a power of two from 4 to 64), latent_dim, the channels, fmap_max, attn_res_layers (input
     * sides that get attention, official [32]) and attn_heads/attn_dim_head (official 8 and 64).
     */
    public LightGanGenerator(GeneratorConfig config) {
        super(requireBase(config));
        int imageSize = config.imageSize();
        int latentDim = config.latentDim();
        int fmapMax = config.fmapMax();
        Set<Integer> attnResLayers = Set.copyOf(config.attnResLayers());
        if (Integer.bitCount(imageSize) != 1 || imageSize < INITIAL_SIDE || imageSize > MAX_IMAGE_SIZE) {
            throw new IllegalArgumentException("the LightGAN generator supports powers of two from " + INITIAL_SIDE
                    + " to " + MAX_IMAGE_SIZE + ", not " + imageSize
                    + "; larger sizes need skip-layer excitation, which is not implemented");
        }
        this.initialConv = addChildBlock("initial_conv", new Sequential()
                .add(new TorchConvTranspose2d(latentDim, 2 * latentDim, INITIAL_SIDE, 1, 0))
                .add(new TorchBatchNorm2d(2 * latentDim))
                .add(Glu::apply));
        ModuleList layers = addChildBlock("layers", new ModuleList());
        int chanIn = latentDim;
        int resolution = Integer.numberOfTrailingZeros(imageSize);
        for (int r = Integer.numberOfTrailingZeros(INITIAL_SIDE); r < resolution; r++) {
            int chanOut = Math.min(1 << (FMAP_INVERSE_COEF - r), fmapMax);
            LightGanUpBlock up = new LightGanUpBlock(chanIn, chanOut);
            upBlocks.add(up);
            // torch's ModuleList [up, skip-layer excitation (None here), attention or None]
            ModuleList layer = new ModuleList().add(up).skip();
            if (attnResLayers.contains(1 << r)) {
                PreNorm attention = new PreNorm(chanIn, new LocalLinearAttention(chanIn, config.attnHeads(),
                        config.attnDimHead()));
                attentions.add(attention);
                layer.add(attention);
            } else {
                attentions.add(null);
            }
            layers.add(layer);
            chanIn = chanOut;
        }
        this.outConv = addChildBlock("out_conv",
                TorchConv2d.builder(chanIn, config.channels(), OUT_KERNEL).padding(OUT_KERNEL / 2).build());
        TorchInit.kaimingNormalWeights(this);
    }

    private static GeneratorConfig requireBase(GeneratorConfig config) {
        if (!MODEL_TYPE.equals(config.modelType())) {
            throw new IllegalArgumentException("model_type '" + config.modelType() + "' is not the LightGAN baseline");
        }
        return config;
    }

    /** The name under which the forward input carries the noise map of up-block {@code layer}. */
    public static String noiseName(int layer) {
        return "layers." + layer + ".0.3";
    }

    /** The number of up-blocks, hence of noise maps. */
    public int numLayers() {
        return upBlocks.size();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String,
            Object> params) {
        NDArray z = inputs.head();
        NDList x = new NDList(z.reshape(z.getShape().get(0), config.latentDim(), 1, 1));
        NDArray h = initialConv.forward(ps, x, training).head();
        h = h.div(h.norm(new int[] {1}, true).maximum(Scalars.like(h, NORMALIZE_EPS)));
        for (int k = 0; k < upBlocks.size(); k++) {
            PreNorm attention = attentions.get(k);
            if (attention != null) {
                h = h.add(attention.forward(ps, new NDList(h), training).head());
            }
            NDArray noise = inputs.get(noiseName(k));
            NDList upInput = noise == null ? new NDList(h) : new NDList(h, noise);
            h = upBlocks.get(k).forward(ps, upInput, training).head();
        }
        return outConv.forward(ps, new NDList(h), training);
    }
}
