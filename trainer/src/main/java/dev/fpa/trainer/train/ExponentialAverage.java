package dev.fpa.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.fpa.trainer.model.layers.InPlaceCopy;
import dev.fpa.trainer.model.layers.StateDictLoader;
import dev.fpa.trainer.model.layers.TorchModule;
import java.util.Map;

/**
 * The EMA generator GE (DESIGN.md §7.2): GE ← decay·GE + (1 − decay)·G over the parameters (with ema_only_unet, only
 * the U-Net's) and every buffer, and resets that copy G into GE. Integer buffers (BatchNorm's batch count) are
 * averaged in float and truncated back, as torch's copy_ does.
 */
final class ExponentialAverage {
    private static final String UNET = "u_net";

    private ExponentialAverage() {
    }

    static void update(Block g, Block ge, double decay, boolean onlyUnet) {
        Map<String, Parameter> target = StateDictLoader.namedParameters(ge);
        try (NDScope scope = new NDScope()) {
            StateDictLoader.namedParameters(g).forEach((name, p) -> {
                boolean buffer = TorchModule.isBuffer(p);
                if (buffer || !onlyUnet || name.contains(UNET)) {
                    average(target.get(name).getArray(), p.getArray(), decay);
                }
            });
        }
    }

    private static void average(NDArray old, NDArray current, double decay) {
        if (old.getDataType() == DataType.FLOAT32) {
            old.muli(decay).addi(current.mul(1 - decay));
        } else {
            NDArray mixed = old.toType(DataType.FLOAT32, false).mul(decay)
                    .add(current.toType(DataType.FLOAT32, false).mul(1 - decay));
            InPlaceCopy.from(mixed, old);
        }
    }

    /** GE ← G, parameters and buffers, as the official load_state_dict(G.state_dict()). */
    static void reset(Block g, Block ge) {
        Map<String, Parameter> target = StateDictLoader.namedParameters(ge);
        StateDictLoader.namedParameters(g).forEach((name, p) -> InPlaceCopy.from(p.getArray(),
                target.get(name).getArray()));
    }
}
