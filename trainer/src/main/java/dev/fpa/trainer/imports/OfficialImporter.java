package dev.fpa.trainer.imports;

import dev.fpa.trainer.checkpoint.AdamStateLayout;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fpa.runtime.array.NdArray;
import dev.fpa.runtime.io.Sha256;
import dev.fpa.trainer.model.discriminator.Discriminator;
import dev.fpa.trainer.model.config.DiscriminatorConfig;
import dev.fpa.trainer.model.config.GeneratorConfig;
import dev.fpa.trainer.model.GeneratorFactory;
import dev.fpa.trainer.model.layers.StateDictLoader;
import dev.fpa.trainer.model.layers.TorchModule;
import dev.fpa.trainer.checkpoint.Checkpoint;
import dev.fpa.trainer.checkpoint.CheckpointMeta;
import dev.fpa.trainer.checkpoint.Provenance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipException;

/**
 * Converts an official fpainter checkpoint ({@code model_N.pt}) into an fpa {@link Checkpoint}: reads it safely,
 * completes the configuration from the tensor shapes, checks that G and GE load into our models completely
 * (missing, unexpected or mis-shaped keys are one error listing them all), and keeps D for training.
 * The duplicated {@code mod_dict.*} and {@code D_aug.D.*} copies are dropped.
 */
public final class OfficialImporter {
    /** Official Trainer arguments that configure training, data or evaluation rather than the generator. */
    private static final Set<String> TRAINING_ARGS = Set.of("name", "image_save_format", "results_dir",
            "models_dir", "batch_size", "save_best_and_last", "gradient_accumulate_every", "disc_output_size",
            "dual_contrast_loss", "antialias", "num_heads", "dim_feedforward", "dropout", "clip", "clip_rnn",
            "unet_lr", "use_unet_match_loss", "use_unet_match_loss_only", "ema_only_unet", "num_image_tiles",
            "optimizer", "num_workers", "skip_resize", "transform_to_greyscale", "lr", "learning_rate", "ttur_mult",
            "save_every", "evaluate_every", "aug_prob", "aug_types", "dataset_aug_prob", "calculate_fid_every",
            "calculate_fid_num_images", "fid_all_real", "fid_real_path", "clear_fid_cache", "amp", "load_strict",
            "use_wandb", "is_ddp", "rank", "world_size", "syncbatchnorm", "num_train_steps",
            "seed", "data");

    private OfficialImporter() {
    }

    /** The converted checkpoint and what the conversion inferred or ignored, for the user to read. */
    public record Result(Checkpoint checkpoint, List<String> notes) {
    }

    /**
     * @param options official Trainer arguments (a {@code .config.json}, a manifest's trainer_args, command-line
     *                flags, merged by the caller); sizes it lacks are inferred from the shapes
     */
    public static Result convert(Path officialFile, ObjectNode options) throws IOException {
        TorchCheckpoint torch = TorchCheckpoint.read(officialFile);
        Map<String, NdArray> gan = ganStateDict(torch);
        List<String> notes = new ArrayList<>();
        ObjectNode args = options.deepCopy();
        try {
            ShapeInference.infer(gan, args, notes::add);
        } catch (IllegalArgumentException e) {
            throw new IOException(officialFile + ": " + e.getMessage(), e);
        }
        GeneratorConfig.Parsed parsed = GeneratorConfig.fromTrainerArgs(args);
        for (String key : parsed.unusedKeys()) {
            if (!TRAINING_ARGS.contains(key)) {
                notes.add("ignored unknown option '" + key + "'");
            }
        }
        GeneratorConfig config = parsed.config();
        for (String section : List.of(Checkpoint.GENERATOR, Checkpoint.EMA_GENERATOR)) {
            checkLoads(officialFile, config, gan, section + ".");
        }
        Map<String, Map<String, NdArray>> sections = new LinkedHashMap<>();
        for (String section : List.of(Checkpoint.GENERATOR, Checkpoint.EMA_GENERATOR, Checkpoint.DISCRIMINATOR)) {
            Map<String, NdArray> tensors = withoutDuplicates(gan, section + ".");
            if (!tensors.isEmpty()) {
                sections.put(section, tensors);
            }
        }
        if (torch.root() instanceof Map<?, ?> root) {
            addOptimizer(root, AdamStateLayout.GENERATOR_SECTION, GeneratorFactory.create(config), sections,
                    notes, officialFile);
            if (sections.containsKey(Checkpoint.DISCRIMINATOR)) {
                ObjectNode discriminatorArgs = args.deepCopy();
                discriminatorArgs.setAll(config.toJson());
                addOptimizer(root, AdamStateLayout.DISCRIMINATOR_SECTION,
                        new Discriminator(DiscriminatorConfig.fromTrainerArgs(discriminatorArgs)), sections, notes,
                        officialFile);
            }
        }
        Object version = torch.root() instanceof Map<?, ?> m ? m.get("version") : null;
        Provenance source = Provenance.official(officialFile.getFileName().toString(), Sha256.ofFile(officialFile),
                version == null ? null : version instanceof String text ? text : ValueText.of(version));
        notes.add("the training step is not stored in official checkpoints; recorded as 0");
        return new Result(new Checkpoint(CheckpointMeta.imported(config.modelType(), config.toJson(), args, source),
                sections), notes);
    }

    /**
     * Adds an official Adam state (key "G_opt" or "D_opt") as a section, its parameter indices named after the
     * model's parameters; an empty state (no step taken) adds nothing, and one that does not fit is left out with a
     * note.
     */
    private static void addOptimizer(Map<?, ?> root, String key, Block model, Map<String, Map<String,
            NdArray>> sections,
            List<String> notes, Path file) {
        if (!root.containsKey(key)) {
            return;
        }
        List<String> names = StateDictLoader.namedParameters(model).entrySet().stream()
                .filter(e -> !TorchModule.isBuffer(e.getValue())).map(Map.Entry::getKey).toList();
        try {
            Map<String, NdArray> state = OfficialOptimizerState.convert(root.get(key), names, file + " " + key);
            if (!state.isEmpty()) {
                sections.put(key, state);
            }
        } catch (IOException e) {
            notes.add("left out the optimizer state " + key + ": " + e.getMessage());
        }
    }

    /**
     * An fpa checkpoint, a painter's ONNX file exported by fpa ({@link OnnxPainterImport}), or an official checkpoint
     * converted with {@code options} (which describe it as for {@link #convert}); notes of a conversion go to
     * {@code notes}.
     */
    public static Checkpoint readEither(Path file, ObjectNode options, List<String> notes) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such file");
        }
        if (file.getFileName().toString().endsWith(".onnx")) {
            return OnnxPainterImport.read(Files.readAllBytes(file), file.toString());
        }
        try {
            return Checkpoint.read(file);
        } catch (ZipException damaged) {
            throw damaged; // an fpa checkpoint that failed its checks, not an official one
        } catch (IOException notFpa) {
            try {
                Result result = convert(file, options);
                notes.addAll(result.notes());
                return result.checkpoint();
            } catch (IOException notOfficial) {
                throw new IOException(notFpa.getMessage() + "; read as an official checkpoint: "
                        + notOfficial.getMessage(), notOfficial);
            }
        }
    }

    private static Map<String, NdArray> ganStateDict(TorchCheckpoint torch) throws IOException {
        if (torch.root() instanceof Map<?, ?> m && m.containsKey("GAN")) {
            return torch.stateDict("GAN");
        }
        Map<String, NdArray> flat = torch.stateDict();
        if (flat.keySet().stream().anyMatch(k -> k.startsWith("G."))) {
            return flat;
        }
        throw new IOException(torch.file() + ": not an fpainter checkpoint (no 'GAN' state dict with G.* weights)");
    }

    /** Builds the generator for the config and loads the section into it, so that any mismatch surfaces now. */
    private static void checkLoads(Path file, GeneratorConfig config, Map<String, NdArray> gan, String prefix)
            throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            var generator = GeneratorFactory.create(config);
            generator.initialize(manager);
            StateDictLoader.load(generator, gan, prefix);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": the " + prefix.substring(0, prefix.length() - 1)
                    + " weights do not fit a " + config.modelType() + " with this configuration: " + e.getMessage(), e);
        }
    }

    private static Map<String, NdArray> withoutDuplicates(Map<String, NdArray> gan, String prefix) {
        Map<String, NdArray> out = new LinkedHashMap<>();
        gan.forEach((k, v) -> {
            if (k.startsWith(prefix) && !k.startsWith(prefix + "mod_dict.")) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }
}
