package dev.fpa.trainer.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fpa.trainer.model.config.DiscriminatorConfig;
import dev.fpa.trainer.model.config.GeneratorConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything that defines a GAN run: the generator, the discriminator and the training. All three are read from one
 * dict of official argument names, as the official Trainer takes them, and written back as one.
 */
public record RunConfig(GeneratorConfig generator, DiscriminatorConfig discriminator, TrainingConfig training) {

    public RunConfig {
        if (generator.imageSize() != discriminator.imageSize() || generator.channels() != discriminator.channels()) {
            throw new IllegalArgumentException("generator and discriminator disagree on the image: "
                    + generator.imageSize() + "px × " + generator.channels() + " vs " + discriminator.imageSize()
                    + "px × " + discriminator.channels());
        }
        boolean matchLoss = training.useUnetMatchLoss() || training.useUnetMatchLossOnly();
        if (matchLoss && !(generator.hasUnet() && generator.usePreUnetLoss())) {
            throw new IllegalArgumentException("use_unet_match_loss and use_unet_match_loss_only need a _unet model "
                    + "with use_pre_unet_loss");
        }
    }

    /** A config and the argument names none of its parts uses. */
    public record Parsed(RunConfig config, List<String> unknownKeys) {
    }

    /** Missing arguments keep the official defaults. */
    public static Parsed fromTrainerArgs(JsonNode args) {
        ObjectNode canonical = TrainingConfig.canonical(args);
        GeneratorConfig.Parsed g = GeneratorConfig.fromTrainerArgs(canonical);
        List<String> notTraining = new ArrayList<>();
        TrainingConfig training = TrainingConfig.fromTrainerArgs(canonical, notTraining);
        DiscriminatorConfig d = DiscriminatorConfig.fromTrainerArgs(canonical);
        List<String> unknown = g.unusedKeys().stream()
                .filter(notTraining::contains)
                .filter(key -> !d.toJson().has(key))
                .toList();
        return new Parsed(new RunConfig(g.config(), d, training), unknown);
    }

    /** The whole config as one flat dict of official names (plus the fpa options). */
    public ObjectNode toTrainerArgs() {
        ObjectNode args = generator.toJson();
        args.setAll(discriminator.toJson());
        args.setAll(training.toJson());
        return args;
    }
}
