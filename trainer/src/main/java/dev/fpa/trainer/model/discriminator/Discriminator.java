package dev.fpa.trainer.model.discriminator;

import dev.fpa.trainer.model.config.DiscriminatorConfig;
import dev.fpa.trainer.model.layers.Blur;
import dev.fpa.trainer.model.layers.LocalLinearAttention;
import dev.fpa.trainer.model.layers.ModuleList;
import dev.fpa.trainer.model.layers.NearestResize;
import dev.fpa.trainer.model.layers.PreNorm;
import dev.fpa.trainer.model.layers.Residual;
import dev.fpa.trainer.model.layers.Sequential;
import dev.fpa.trainer.model.layers.SumBranches;
import dev.fpa.trainer.model.layers.TorchConv2d;
import dev.fpa.trainer.model.layers.TorchInit;
import dev.fpa.trainer.model.layers.TorchModule;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The lightweight-GAN discriminator of painter.py and lightweight_gan.py (DESIGN.md §6), for power-of-two sides from 16
 * to 1024. Images go through plain strided convolutions (sides above 256), then residual stages that halve the side
 * down to 8×8 (each optionally preceded by x + attention(ChanNorm(x))), then {@code to_logits}. A second head judges
 * the image resized to 32×32; a decoder reconstructs the image from the 8×8 features for the self-supervised loss
 * (and a second one a random quadrant from the 16×16 features, from 512 up).
 *
 * <p>Children and parameters carry the official {@code D.*} names (minus the prefix) in the official order, so our
 * checkpoints' D section and official weights load by name. Every conv weight is Kaiming-normal, as in the official
 * GAN. Below 32×32 there is a single residual stage, and the official reconstruction loss fails there (it reads the
 * stage before the last); this port skips that loss at 16×16 ({@link #hasReconstructionLoss()}).
 */
public final class Discriminator extends TorchModule {
    /** LeakyReLU slope everywhere in the discriminator (DESIGN.md §2.2). */
    private static final float LEAKY_SLOPE = 0.1f;
    /** Residual stages start at most at 2^8 and stop when the side reaches 2^3 = 8. */
    private static final int MAX_RESIDUAL_LOG2 = 8;
    private static final int LAST_LOG2 = 3;
    /** Sides from 2^9 = 512 up add the second decoder, on the 16×16 features. */
    private static final int SECOND_DECODER_MIN_LOG2 = 9;
    private static final int DOWN_KERNEL = 4;
    private static final int CONV_KERNEL = 3;
    private static final int POOL = 2;
    private static final int LOGIT_KERNEL = 4;
    /** The 32×32 head (to_shape_disc_out); its widths 64 and 32 are hard-coded upstream. */
    private static final int SHAPE_SIDE = 32;
    private static final int SHAPE_WIDE = 64;
    private static final int SHAPE_NARROW = 32;
    private static final int SHAPE_POOLED_SIDE = 4;
    /** The quadrants of the 16×16 features that decoder2 may reconstruct. */
    public static final int QUADRANTS = 4;
    private static final int NO_RECONSTRUCTION = -1;

    /** What D(x) returns: logits (B, 1) or (B, 25), logits32 (B, 1, 1, 1), the reconstruction loss or null. */
    public record Judgement(NDArray logits, NDArray logits32, NDArray reconstructionLoss) {
    }

    private final DiscriminatorConfig config;
    private final Sequential[] nonResidualLayers;
    private final List<SumBranches> stages = new ArrayList<>();
    private final List<PreNorm> stageAttentions = new ArrayList<>();
    private final Sequential toLogits;
    private final Sequential toShapeDiscOut;
    private final ReconstructionDecoder decoder1;
    private final ReconstructionDecoder decoder2;

    public Discriminator(DiscriminatorConfig config) {
        this.config = config;
        int channels = config.channels();
        int resolution = Integer.numberOfTrailingZeros(config.imageSize());
        int[] widths = stageWidths(config, resolution);

        ModuleList nonResidual = addChildBlock("non_residual_layers", new ModuleList());
        int plainLayers = Math.max(0, resolution - MAX_RESIDUAL_LOG2);
        nonResidualLayers = new Sequential[plainLayers];
        for (int i = 0; i < plainLayers; i++) {
            int out = i == plainLayers - 1 ? widths[0] : channels;
            nonResidualLayers[i] = new Sequential().add(blur())
                    .add(TorchConv2d.builder(channels, out, DOWN_KERNEL).stride(2).padding(1).build())
                    .add(Discriminator::leakyRelu);
            nonResidual.add(nonResidualLayers[i]);
        }

        ModuleList residual = addChildBlock("residual_layers", new ModuleList());
        Set<Integer> attnResLayers = Set.copyOf(config.attnResLayers());
        int top = Math.min(MAX_RESIDUAL_LOG2, resolution);
        for (int s = 0; s < widths.length - 1; s++) {
            int chanIn = widths[s];
            SumBranches stage = downsampling(chanIn, widths[s + 1]);
            // torch's ModuleList [SumBranches, attention or None]
            ModuleList layer = new ModuleList().add(stage);
            PreNorm attention = null;
            if (attnResLayers.contains(1 << (top - s))) {
                attention = new PreNorm(chanIn, attention(chanIn));
                layer.add(attention);
            } else {
                layer.skip();
            }
            stages.add(stage);
            stageAttentions.add(attention);
            residual.add(layer);
        }

        int last = widths[widths.length - 1];
        toLogits = addChildBlock("to_logits", config.discOutputSize() == 1
                ? new Sequential().add(blur())
                        .add(TorchConv2d.builder(last, last, CONV_KERNEL).stride(2).padding(1).build())
                        .add(Discriminator::leakyRelu)
                        .add(TorchConv2d.builder(last, 1, LOGIT_KERNEL).build())
                : new Sequential().add(TorchConv2d.builder(last, last, 1).build())
                        .add(Discriminator::leakyRelu)
                        .add(TorchConv2d.builder(last, 1, LOGIT_KERNEL).build()));

        toShapeDiscOut = addChildBlock("to_shape_disc_out", new Sequential()
                .add(TorchConv2d.builder(channels, SHAPE_WIDE, CONV_KERNEL).padding(1).build())
                .add(new Residual(new PreNorm(SHAPE_WIDE, attention(SHAPE_WIDE))))
                .add(downsampling(SHAPE_WIDE, SHAPE_NARROW))
                .add(new Residual(new PreNorm(SHAPE_NARROW, attention(SHAPE_NARROW))))
                .add(Discriminator::poolToHeadSide)
                .add(TorchConv2d.builder(SHAPE_NARROW, 1, LOGIT_KERNEL).build()));

        decoder1 = addChildBlock("decoder1", new ReconstructionDecoder(last, channels));
        decoder2 = resolution >= SECOND_DECODER_MIN_LOG2
                ? addChildBlock("decoder2", new ReconstructionDecoder(widths[widths.length - 2], channels))
                : null;
        TorchInit.kaimingNormalWeights(this);
    }

    /**
     * The widths at each residual stage boundary: 2^(fmap_inverse_coef − r) capped at fmap_max for r from
     * min(8, log2 S) down to 3, the first replaced by the image channels when no plain layer comes before.
     */
    private static int[] stageWidths(DiscriminatorConfig config, int resolution) {
        int top = Math.min(MAX_RESIDUAL_LOG2, resolution);
        int[] widths = new int[top - LAST_LOG2 + 1];
        for (int r = top; r >= LAST_LOG2; r--) {
            widths[top - r] = Math.min(1 << (config.fmapInverseCoef() - r), config.fmapMax());
        }
        if (resolution <= MAX_RESIDUAL_LOG2) {
            widths[0] = config.channels();
        }
        return widths;
    }

    /** Halves the side: [Blur, conv 4×4 stride 2, LReLU, conv 3×3, LReLU] + [Blur, avg pool 2, conv 1×1, LReLU]. */
    private SumBranches downsampling(int in, int out) {
        return new SumBranches(
                new Sequential().add(blur())
                        .add(TorchConv2d.builder(in, out, DOWN_KERNEL).stride(2).padding(1).build())
                        .add(Discriminator::leakyRelu)
                        .add(TorchConv2d.builder(out, out, CONV_KERNEL).padding(1).build())
                        .add(Discriminator::leakyRelu),
                new Sequential().add(blur())
                        .add(x -> Pool.avgPool2d(x, new Shape(POOL, POOL), new Shape(POOL, POOL), new Shape(0, 0),
                                false, true))
                        .add(TorchConv2d.builder(in, out, 1).build())
                        .add(Discriminator::leakyRelu));
    }

    private LocalLinearAttention attention(int channels) {
        return new LocalLinearAttention(channels, config.attnHeads(), config.attnDimHead());
    }

    private Blur blur() {
        return config.blur() ? Blur.active() : Blur.identity();
    }

    private static NDArray leakyRelu(NDArray x) {
        return Activation.leakyRelu(x, LEAKY_SLOPE);
    }

    /** AdaptiveAvgPool2d((4, 4)) on the head's 16×16 features, where it is a plain 4×4 average pool. */
    private static NDArray poolToHeadSide(NDArray x) {
        long side = x.getShape().get(2);
        Shape window = new Shape(side / SHAPE_POOLED_SIDE, side / SHAPE_POOLED_SIDE);
        return Pool.avgPool2d(x, window, window, new Shape(0, 0), false, true);
    }

    /** Whether D(x) can compute the reconstruction loss: it needs two residual stages, so a side of 32 or more. */
    public boolean hasReconstructionLoss() {
        return stages.size() >= 2;
    }

    /** D(x) for the two logits only (official calc_aux_loss False). */
    public Judgement judge(ParameterStore ps, NDArray images, boolean training) {
        return judge(ps, images, training, NO_RECONSTRUCTION);
    }

    /**
     * D(x) with the reconstruction loss (official calc_aux_loss True): MSE between decoder1's reconstruction and
     * the input resized to its size, plus, from 512 up, decoder2's reconstruction of {@code quadrant} (0–3, row-major
     * halves, as the official random quadrant). The loss is null where the port skips it (16×16).
     */
    public Judgement judgeWithReconstruction(ParameterStore ps, NDArray images, boolean training, int quadrant) {
        if (quadrant < 0 || quadrant >= QUADRANTS) {
            throw new IllegalArgumentException("quadrant must be 0 to 3, got " + quadrant);
        }
        return judge(ps, images, training, quadrant);
    }

    private Judgement judge(ParameterStore ps, NDArray images, boolean training, int quadrant) {
        NDArray x = images;
        for (Sequential layer : nonResidualLayers) {
            x = layer.forward(ps, new NDList(x), training).head();
        }
        List<NDArray> stageOutputs = new ArrayList<>();
        for (int s = 0; s < stages.size(); s++) {
            PreNorm attention = stageAttentions.get(s);
            if (attention != null) {
                x = attention.forward(ps, new NDList(x), training).head().add(x);
            }
            x = stages.get(s).forward(ps, new NDList(x), training).head();
            stageOutputs.add(x);
        }
        NDArray logits = toLogits.forward(ps, new NDList(x), training).head();
        logits = logits.reshape(logits.getShape().get(0), -1);
        NDArray logits32 = toShapeDiscOut.forward(ps, new NDList(NearestResize.to(images, SHAPE_SIDE)),
                training).head();
        boolean reconstruct = quadrant != NO_RECONSTRUCTION && hasReconstructionLoss();
        NDArray loss = reconstruct ? reconstructionLoss(ps, images, stageOutputs, training, quadrant) : null;
        return new Judgement(logits, logits32, loss);
    }

    private NDArray reconstructionLoss(ParameterStore ps, NDArray images, List<NDArray> stageOutputs,
            boolean training, int quadrant) {
        NDArray last = stageOutputs.get(stageOutputs.size() - 1);
        NDArray loss = reconstructionError(decoder1.forward(ps, new NDList(last), training).head(), images);
        if (decoder2 != null) {
            NDArray beforeLast = stageOutputs.get(stageOutputs.size() - 2);
            NDArray part = decoder2.forward(ps, new NDList(quadrantOf(beforeLast, quadrant)), training).head();
            loss = loss.add(reconstructionError(part, quadrantOf(images, quadrant)));
        }
        return loss;
    }

    /** F.mse_loss(reconstruction, nearest-resized target). */
    private static NDArray reconstructionError(NDArray reconstruction, NDArray target) {
        return reconstruction.sub(NearestResize.to(target, reconstruction.getShape().get(2))).square().mean();
    }

    /** einops 'b c (m h) (n w) -> (m n) b c h w' then [quadrant]: row m = quadrant / 2, column n = quadrant % 2. */
    private static NDArray quadrantOf(NDArray x, int quadrant) {
        long half = x.getShape().get(2) / 2;
        long top = quadrant / 2 * half;
        long left = quadrant % 2 * half;
        return x.get(":, :, " + top + ":" + (top + half) + ", " + left + ":" + (left + half));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String,
            Object> params) {
        Judgement j = judge(ps, inputs.head(), training);
        return new NDList(j.logits(), j.logits32());
    }
}
