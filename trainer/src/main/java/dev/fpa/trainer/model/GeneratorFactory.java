package dev.fpa.trainer.model;

/** Builds the generator that a config's model_type names, with the official layers and initialisations. */
public final class GeneratorFactory {
    private static final String V2 = LstmDeltaSplitV2Generator.MODEL_TYPE;
    private static final String V1 = LstmDeltaGenerator.MODEL_TYPE;
    private static final String UNET = PainterGenerator.UNET_SUFFIX;

    private GeneratorFactory() {
    }

    /** An uninitialised generator; call {@link PainterGenerator#initialize(ai.djl.ndarray.NDManager)} next. */
    public static PainterGenerator create(GeneratorConfig config) {
        return switch (config.modelType()) {
            case V2 -> new LstmDeltaSplitV2Generator(config, null);
            case V2 + UNET -> new LstmDeltaSplitV2Generator(config, unet(config));
            case V1 -> new LstmDeltaGenerator(config, null);
            case V1 + UNET -> new LstmDeltaGenerator(config, unet(config));
            default -> throw new IllegalArgumentException("model_type '" + config.modelType()
                    + "' has no painter here; supported: " + String.join(", ", V2, V2 + UNET, V1, V1 + UNET));
        };
    }

    /** The official refinement U-Net: width = image side, levels (1, 2, 4, …) up to max_unet_dim. */
    private static UNet unet(GeneratorConfig config) {
        return new UNet(config.imageSize(), config.channels(), UNet.dimMultsUpTo(config.maxUnetDim()));
    }
}
