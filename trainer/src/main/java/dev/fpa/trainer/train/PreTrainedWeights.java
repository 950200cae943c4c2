package dev.fpa.trainer.train;

import dev.fpa.trainer.checkpoint.AdamStateLayout;
import dev.fpa.trainer.checkpoint.Checkpoint;
import ai.djl.nn.Block;
import dev.fpa.runtime.array.NdArray;
import dev.fpa.trainer.model.layers.StateDictLoader;
import dev.fpa.trainer.model.layers.StateDicts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts a new run from another run's weights, the official --load_pre_trained (DESIGN.md §7.6), typically a trained
 * painter under a new U-Net model: every G, GE and D tensor whose name the new model has is loaded (the U-Net
 * keeps its fresh initialisation), then the Adam states unless reset. Unlike the official code, --load-only-g
 * really trains a fresh D with a fresh optimizer. An official {@code .pt} is read through
 * {@link dev.fpa.trainer.imports.OfficialImporter#readEither}.
 */
public final class PreTrainedWeights {

    /**
     * The official flags that go with --load_pre_trained, and fpa's choice of the generator G starts from.
     *
     * @param generatorSection {@link Checkpoint#GENERATOR} (official: G into G, GE into GE) or
     *                         {@link Checkpoint#EMA_GENERATOR} (GE into both: a U-Net then refines the EMA painter
     *                         that the painter's own model ships, where the official EMA resets would put the
     *                         trained painter under the evaluated U-Net, DESIGN.md D7)
     */
    public record Options(boolean resetGOptimizer, boolean resetDOptimizer, boolean loadOnlyG,
            String generatorSection) {
        public Options {
            if (!Checkpoint.GENERATOR.equals(generatorSection) && !Checkpoint.EMA_GENERATOR.equals(generatorSection)) {
                throw new IllegalArgumentException("the pre-trained generator is G or GE, not " + generatorSection);
            }
        }
    }

    private PreTrainedWeights() {
    }

    /** The section named by {@code --pre-trained-use}: g for G, ema for GE. */
    public static String sectionOf(String use) {
        return Checkpoint.generatorSectionNamed(use).orElseThrow(() -> new IllegalArgumentException(
                "--pre-trained-use must be g or ema, not " + use));
    }

    /** Loads into a new state and returns notes for the user (what was loaded, kept or skipped). */
    public static List<String> load(Checkpoint source, TrainingState state, Options options) {
        List<String> notes = new ArrayList<>();
        String from = options.generatorSection();
        loadMatching(state.generator(), source.section(from), Checkpoint.GENERATOR.equals(from) ? "G"
                : "G (from the checkpoint's GE)", notes);
        if (source.has(Checkpoint.EMA_GENERATOR)) {
            loadMatching(state.emaGenerator(), source.section(Checkpoint.EMA_GENERATOR), "GE", notes);
        }
        if (options.loadOnlyG()) {
            notes.add("D and its optimizer start fresh (--load-only-g)");
        } else if (source.has(Checkpoint.DISCRIMINATOR)) {
            loadMatching(state.discriminator(), source.section(Checkpoint.DISCRIMINATOR), "D", notes);
        } else {
            notes.add("D starts fresh: the source holds no discriminator");
        }
        if (!options.resetGOptimizer()) {
            loadOptimizer(state.generatorOptimizer(), source, AdamStateLayout.GENERATOR_SECTION, notes);
        }
        if (!options.resetDOptimizer() && !options.loadOnlyG()) {
            loadOptimizer(state.discriminatorOptimizer(), source, AdamStateLayout.DISCRIMINATOR_SECTION, notes);
        }
        return notes;
    }

    /** Loads the entries the block has (shapes must agree); the block's other tensors keep their values. */
    private static void loadMatching(Block block, Map<String, NdArray> source, String section, List<String> notes) {
        Map<String, NdArray> merged = new LinkedHashMap<>(StateDicts.of(block));
        List<String> loaded = new ArrayList<>();
        List<String> unused = new ArrayList<>();
        source.forEach((name, value) -> {
            if (merged.containsKey(name)) {
                merged.put(name, value);
                loaded.add(name);
            } else {
                unused.add(name);
            }
        });
        StateDictLoader.load(block, merged, "");
        notes.add(String.format("%s: loaded %d of %d tensors%s", section, loaded.size(), merged.size(),
                unused.isEmpty() ? "" : "; the new model has no " + String.join(", ", unused)));
    }

    private static void loadOptimizer(TorchAdam optimizer, Checkpoint source, String section, List<String> notes) {
        if (!source.has(section)) {
            notes.add(section + ": starts fresh, the source holds no optimizer state");
            return;
        }
        List<String> skipped = optimizer.loadStateDict(TrainingCheckpoints.optimizerSection(source, section));
        if (!skipped.isEmpty()) {
            notes.add(section + ": no state for parameters this run does not train: " + String.join(", ", skipped));
        }
    }
}
