package dev.fpa.trainer.checkpoint;

import dev.fpa.runtime.array.NdArray;
import java.util.Map;

/**
 * How an Adam optimizer's state is stored in a checkpoint section: per parameter name, its first and second moments
 * and its step count. Shared by the optimizer that writes and restores it and by the importer that converts the
 * official checkpoints' optimizer state into it.
 */
public final class AdamStateLayout {
    /** The checkpoint sections holding the generator's and the discriminator's optimizer state. */
    public static final String GENERATOR_SECTION = "G_opt";
    public static final String DISCRIMINATOR_SECTION = "D_opt";

    private static final String EXP_AVG = "exp_avg/";
    private static final String EXP_AVG_SQ = "exp_avg_sq/";
    private static final String STEP = "step/";

    private AdamStateLayout() {
    }

    /** Adds one parameter's state to a section's arrays. */
    public static void put(Map<String, NdArray> section, String name, NdArray expAvg, NdArray expAvgSq, long step) {
        section.put(EXP_AVG + name, expAvg);
        section.put(EXP_AVG_SQ + name, expAvgSq);
        section.put(STEP + name, NdArray.of(new long[] {step}));
    }

    /** The parameter a key holds the step count of, or null for the other keys. */
    public static String stepOf(String key) {
        return key.startsWith(STEP) ? key.substring(STEP.length()) : null;
    }

    public static String expAvgKey(String name) {
        return EXP_AVG + name;
    }

    public static String expAvgSqKey(String name) {
        return EXP_AVG_SQ + name;
    }
}
