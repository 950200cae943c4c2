package dev.fpa.trainer.model;

import dev.fpa.trainer.model.config.GeneratorConfig;
import dev.fpa.trainer.model.layers.ImageGenerator;
import dev.fpa.trainer.model.lightgan.LightGanGenerator;
import dev.fpa.trainer.model.painter.LstmDeltaGenerator;
import dev.fpa.trainer.model.painter.LstmDeltaSplitV2Generator;
import dev.fpa.trainer.model.painter.PainterGenerator;
import dev.fpa.trainer.model.unet.Unet;

/** Builds the generator that a config's model_type names, with the official layers and initialisations. */
public final class GeneratorFactory {
    private static final String V2 = LstmDeltaSplitV2Generator.MODEL_TYPE;
    private static final String V1 = LstmDeltaGenerator.MODEL_TYPE;
    private static final String UNET = GeneratorConfig.UNET_SUFFIX;

    private GeneratorFactory() {
    }

    /** An uninitialised generator; call {@link ImageGenerator#initialize(ai.djl.ndarray.NDManager)} next. */
    public static ImageGenerator create(GeneratorConfig config) {
        return config.paints() ? createPainter(config) : new LightGanGenerator(config);
    }

    /** A painter; other model types are refused with the list of painter types. */
    public static PainterGenerator createPainter(GeneratorConfig config) {
        return switch (config.modelType()) {
            case V2 -> new LstmDeltaSplitV2Generator(config, null);
            case V2 + UNET -> new LstmDeltaSplitV2Generator(config, unet(config));
            case V1 -> new LstmDeltaGenerator(config, null);
            case V1 + UNET -> new LstmDeltaGenerator(config, unet(config));
            default -> throw new IllegalArgumentException("model_type '" + config.modelType()
                    + "' has no painter here; supported: " + String.join(", ", V2, V2 + UNET, V1, V1 + UNET)
                    + " (and " + LightGanGenerator.MODEL_TYPE + ", which is not a painter)");
        };
    }

    /** The official refinement U-Net: width = image side, levels (1, 2, 4, …) up to max_unet_dim. */
    private static Unet unet(GeneratorConfig config) {
        return new Unet(config.imageSize(), config.channels(), Unet.dimMultsUpTo(config.maxUnetDim()));
    }
}
