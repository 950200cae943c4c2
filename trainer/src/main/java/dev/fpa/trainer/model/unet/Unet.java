package dev.fpa.trainer.model.unet;

import dev.fpa.trainer.model.layers.ModuleList;
import dev.fpa.trainer.model.layers.PreNorm;
import dev.fpa.trainer.model.layers.Residual;
import dev.fpa.trainer.model.layers.TorchConv2d;
import dev.fpa.trainer.model.layers.TorchConvTranspose2d;
import dev.fpa.trainer.model.layers.TorchModule;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The refinement U-Net of the _unet painters (DESIGN.md §5): lucidrains' denoising-diffusion U-Net without time
 * embedding. Input and output (B, channels, S, S); widths dims = [dim, dim·m for m in dimMults]. Each down
 * stage is two ResnetBlocks and a residual linear attention, saves a skip, then halves the side (not on the
 * last stage); the middle is ResnetBlock, residual full attention, ResnetBlock; each up stage concatenates
 * its skip and mirrors a down stage, doubling the side except on the last; the end concatenates the output
 * of init_conv and maps back to the image channels. Parameter names are the official {@code u_net.*} ones.
 */
public final class Unet extends TorchModule {
    private static final int RESNET_GROUPS = 8;
    private static final int ATTENTION_HEADS = 4;
    private static final int ATTENTION_DIM_HEAD = 32;
    private static final int INIT_KERNEL = 7;
    private static final int RESAMPLE_KERNEL = 4;
    private static final int RESAMPLE_STRIDE = 2;
    private static final int RESAMPLE_PADDING = 1;

    /** One level: two ResnetBlocks, the residual attention, then the resampling (null on the last level). */
    private record Stage(ResnetBlock first, ResnetBlock second, Residual attention, Block resample) {
        ModuleList asModuleList() {
            ModuleList list = new ModuleList().add(first).add(second).add(attention);
            return resample == null ? list : list.add(resample);
        }
    }

    private final TorchConv2d initConv;
    private final List<Stage> downs = new ArrayList<>();
    private final List<Stage> ups = new ArrayList<>();
    private final ResnetBlock midBlock1;
    private final Residual midAttn;
    private final ResnetBlock midBlock2;
    private final ResnetBlock finalResBlock;
    private final TorchConv2d finalConv;

    /** dim is the width of the first level (the official code passes the image side); channels the image's. */
    public Unet(int dim, int channels, int[] dimMults) {
        if (dimMults.length == 0) {
            throw new IllegalArgumentException("the U-Net needs at least one level");
        }
        int[] dims = new int[dimMults.length + 1];
        dims[0] = dim;
        for (int i = 0; i < dimMults.length; i++) {
            dims[i + 1] = dim * dimMults[i];
        }
        int levels = dimMults.length;
        this.initConv = addChildBlock("init_conv",
                TorchConv2d.builder(channels, dim, INIT_KERNEL).padding(INIT_KERNEL / 2).build());
        ModuleList downList = addChildBlock("downs", new ModuleList());
        ModuleList upList = addChildBlock("ups", new ModuleList());
        for (int i = 0; i < levels; i++) {
            int in = dims[i];
            int out = dims[i + 1];
            boolean last = i == levels - 1;
            Stage stage = new Stage(new ResnetBlock(in, out, RESNET_GROUPS), new ResnetBlock(out, out, RESNET_GROUPS),
                    linearAttention(out), last ? null : downsample(out));
            downs.add(stage);
            downList.add(stage.asModuleList());
        }
        for (int i = levels - 1; i >= 0; i--) {
            int in = dims[i];
            int out = dims[i + 1];
            boolean last = i == 0;
            Stage stage = new Stage(new ResnetBlock(2 * out, in, RESNET_GROUPS), new ResnetBlock(in, in, RESNET_GROUPS),
                    linearAttention(in), last ? null : upsample(in));
            ups.add(stage);
            upList.add(stage.asModuleList());
        }
        int mid = dims[levels];
        this.midBlock1 = addChildBlock("mid_block1", new ResnetBlock(mid, mid, RESNET_GROUPS));
        this.midAttn = addChildBlock("mid_attn",
                new Residual(new PreNorm(mid, new UnetAttention(mid, ATTENTION_HEADS, ATTENTION_DIM_HEAD))));
        this.midBlock2 = addChildBlock("mid_block2", new ResnetBlock(mid, mid, RESNET_GROUPS));
        this.finalResBlock = addChildBlock("final_res_block", new ResnetBlock(2 * dim, dim, RESNET_GROUPS));
        this.finalConv = addChildBlock("final_conv", TorchConv2d.builder(dim, channels, 1).build());
    }

    /** The official widths rule for max_unet_dim: (1, 2, 4, …, maxUnetDim). */
    public static int[] dimMultsUpTo(int maxUnetDim) {
        List<Integer> mults = new ArrayList<>();
        for (int m = 1; m <= maxUnetDim; m *= 2) {
            mults.add(m);
        }
        return mults.stream().mapToInt(Integer::intValue).toArray();
    }

    private static Residual linearAttention(int channels) {
        return new Residual(new PreNorm(channels, new UnetLinearAttention(channels, ATTENTION_HEADS,
                ATTENTION_DIM_HEAD)));
    }

    private static Block downsample(int channels) {
        return TorchConv2d.builder(channels, channels, RESAMPLE_KERNEL)
                .stride(RESAMPLE_STRIDE).padding(RESAMPLE_PADDING).build();
    }

    private static Block upsample(int channels) {
        return new TorchConvTranspose2d(channels, channels, RESAMPLE_KERNEL, RESAMPLE_STRIDE, RESAMPLE_PADDING);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String,
            Object> params) {
        NDList x = initConv.forward(ps, inputs, training);
        NDArray initOut = x.head();
        Deque<NDArray> skips = new ArrayDeque<>();
        for (Stage stage : downs) {
            x = runLevel(ps, stage, x, training);
            skips.push(x.head());
            x = resample(ps, stage, x, training);
        }
        x = midBlock2.forward(ps, midAttn.forward(ps, midBlock1.forward(ps, x, training), training), training);
        for (Stage stage : ups) {
            x = runLevel(ps, stage, new NDList(x.head().concat(skips.pop(), 1)), training);
            x = resample(ps, stage, x, training);
        }
        x = finalResBlock.forward(ps, new NDList(x.head().concat(initOut, 1)), training);
        return finalConv.forward(ps, x, training);
    }

    private static NDList runLevel(ParameterStore ps, Stage stage, NDList x, boolean training) {
        NDList h = stage.second().forward(ps, stage.first().forward(ps, x, training), training);
        return stage.attention().forward(ps, h, training);
    }

    private static NDList resample(ParameterStore ps, Stage stage, NDList x, boolean training) {
        return stage.resample() == null ? x : stage.resample().forward(ps, x, training);
    }
}
