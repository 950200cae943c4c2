package dev.fpa.trainer.imports;

import dev.fpa.runtime.array.NdArray;
import dev.fpa.trainer.checkpoint.AdamStateLayout;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An official Adam state dict (the G_opt or D_opt entry of model_N.pt) in {@link TorchAdam}'s layout. torch keys
 * the state by parameter index, the position in the module's parameters() order (which is the order of its
 * state-dict names without buffers), so the names come from the model the state belongs to.
 */
final class OfficialOptimizerState {

    private OfficialOptimizerState() {
    }

    /**
     * @param optimizer      the unpickled optimizer dict ({'state': {index: {...}}, 'param_groups': [...]})
     * @param parameterNames the model's parameter names in parameters() order
     */
    static Map<String, NdArray> convert(Object optimizer, List<String> parameterNames, String source)
            throws IOException {
        Map<String, NdArray> out = new LinkedHashMap<>();
        if (!(optimizer instanceof Map<?, ?> dict) || !(dict.get("state") instanceof Map<?, ?> state)) {
            throw new IOException(source + ": not a torch optimizer state (no 'state' dict)");
        }
        for (Map.Entry<?, ?> e : state.entrySet()) {
            if (!(e.getKey() instanceof Long index) || index < 0 || index >= parameterNames.size()
                    || !(e.getValue() instanceof Map<?, ?> entry)) {
                throw new IOException(source + ": optimizer state entry " + ValueText.of(e.getKey())
                        + " does not match the " + parameterNames.size() + " parameters of the model");
            }
            if (!(entry.get("exp_avg") instanceof NdArray avg) || !(entry.get("exp_avg_sq") instanceof NdArray avgSq)) {
                throw new IOException(source + ": optimizer state " + index + " is not Adam's");
            }
            AdamStateLayout.put(out, parameterNames.get(index.intValue()), avg, avgSq, stepOf(entry.get("step")));
        }
        return out;
    }

    /** torch stores the step as a number or, from 1.12 on, a 0-d tensor. */
    private static long stepOf(Object step) throws IOException {
        if (step instanceof Number n) {
            return n.longValue();
        }
        if (step instanceof NdArray a) {
            return Math.round(a.scalar());
        }
        throw new IOException("unexpected Adam step " + ValueText.of(step));
    }
}
