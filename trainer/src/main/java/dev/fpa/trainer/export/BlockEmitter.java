package dev.fpa.trainer.export;

import ai.djl.nn.Block;
import dev.fpa.trainer.model.layers.ChanNorm;
import dev.fpa.trainer.model.layers.Conv2dSame;
import dev.fpa.trainer.model.layers.DepthWiseConv2d;
import dev.fpa.trainer.model.layers.LocalLinearAttention;
import dev.fpa.trainer.model.layers.PreNorm;
import dev.fpa.trainer.model.layers.Residual;
import dev.fpa.trainer.model.unet.ResnetBlock;
import dev.fpa.trainer.model.layers.Sequential;
import dev.fpa.trainer.model.layers.TorchBatchNorm2d;
import dev.fpa.trainer.model.layers.TorchConv2d;
import dev.fpa.trainer.model.layers.TorchConvTranspose2d;
import dev.fpa.trainer.model.layers.TorchGroupNorm;
import dev.fpa.trainer.model.unet.UnetAttention;
import dev.fpa.trainer.model.unet.UnetConvBlock;
import dev.fpa.trainer.model.unet.UnetLinearAttention;

/**
 * Picks the emitter of a one-input, one-output block by its class, as DJL calls a child's forward; also the
 * containers themselves (Sequential, DepthWiseConv2d's Sequential, Residual, PreNorm).
 */
final class BlockEmitter {
    private BlockEmitter() {
    }

    /** The child {@code name} of {@code parent} applied to x, scoped under that name. */
    static String child(OnnxGraph g, Block parent, String name, String x) {
        Block child = BlockWeights.child(parent, name);
        if (child == null) {
            throw new IllegalStateException(parent.getClass().getSimpleName() + " has no child " + name);
        }
        try (OnnxGraph.Scope s = g.scope(name)) {
            return emit(g, child, x);
        }
    }

    static String emit(OnnxGraph g, Block block, String x) {
        if (block instanceof TorchConv2d conv) {
            return ConvEmitter.conv(g, conv, x);
        } else if (block instanceof TorchConvTranspose2d conv) {
            return ConvEmitter.convTranspose(g, conv, x);
        } else if (block instanceof Conv2dSame conv) {
            return ConvEmitter.convSame(g, conv, x);
        } else if (block instanceof Sequential || block instanceof DepthWiseConv2d) {
            return sequence(g, block, x);
        } else if (block instanceof Residual) {
            return g.op("Add", x, child(g, block, "fn", x));
        } else if (block instanceof PreNorm) {
            return child(g, block, "fn", child(g, block, "norm", x));
        } else if (block instanceof ChanNorm) {
            return NormEmitter.chanNorm(g, block, x);
        } else if (block instanceof TorchGroupNorm norm) {
            return NormEmitter.groupNorm(g, norm, x);
        } else if (block instanceof TorchBatchNorm2d) {
            return NormEmitter.batchNorm(g, block, x);
        } else if (block instanceof ResnetBlock) {
            return UnetEmitter.resnetBlock(g, block, x);
        } else if (block instanceof UnetConvBlock) {
            return UnetEmitter.convBlock(g, block, x);
        } else if (block instanceof UnetAttention attention) {
            return AttentionEmitter.full(g, attention, x);
        } else if (block instanceof UnetLinearAttention attention) {
            return AttentionEmitter.linear(g, attention, x);
        } else if (block instanceof LocalLinearAttention attention) {
            return AttentionEmitter.localLinear(g, attention, x);
        }
        throw new IllegalArgumentException("no ONNX emitter for " + block.getClass().getSimpleName());
    }

    /** Sequential containers: the children in order ("0", "1", …; DepthWiseConv2d wraps one as "net"). */
    private static String sequence(OnnxGraph g, Block block, String x) {
        String y = x;
        for (String name : BlockWeights.children(block)) {
            y = child(g, block, name, y);
        }
        return y;
    }
}
