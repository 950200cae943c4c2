package dev.fpa.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The official model options as kebab-case flags (--num-decoding-steps is the official num_decoding_steps), plus
 * --config FILE with official names. Only the flags given override the file; the rest keep the file's values or
 * the official defaults.
 */
final class ModelOptions {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--config", paramLabel = "FILE", description = "JSON object of official option names "
            + "(an official .config.json, or a fixture manifest whose trainer_args are used).")
    Path config;

    @Option(names = "--model-type", paramLabel = "T", description = "lstm_delta_split_v2, lstm_delta, their _unet "
            + "variants, or base.")
    String modelType;
    @Option(names = "--image-size", paramLabel = "S") Integer imageSize;
    @Option(names = "--latent-dim", paramLabel = "N") Integer latentDim;
    @Option(names = "--rnn-hidden-size", paramLabel = "H") Integer rnnHiddenSize;
    @Option(names = "--num-layers", paramLabel = "N") Integer numLayers;
    @Option(names = "--num-decoding-steps", paramLabel = "T") Integer numDecodingSteps;
    @Option(names = "--mini-latent-dim", paramLabel = "N") Integer miniLatentDim;
    @Option(names = "--mini-input-size", paramLabel = "N") Integer miniInputSize;
    @Option(names = "--wide-out-dim", paramLabel = "N") Integer wideOutDim;
    @Option(names = "--use-intermed-loss", paramLabel = "N") Integer useIntermedLoss;
    @Option(names = "--max-unet-dim", paramLabel = "N") Integer maxUnetDim;
    @Option(names = "--fmap-max", paramLabel = "N") Integer fmapMax;
    @Option(names = "--attn-heads", paramLabel = "N", description = "Heads of the lightweight-GAN attention in the "
            + "discriminator and the base generator (official: 8; not stored in official checkpoints).")
    Integer attnHeads;
    @Option(names = "--attn-dim-head", paramLabel = "N", description = "Size of each of those heads (official: 64).")
    Integer attnDimHead;
    @Option(names = "--attn-res-layers", split = ",", paramLabel = "R") List<Integer> attnResLayers;
    @Option(names = "--use-softmax", arity = "0..1", fallbackValue = "true") Boolean useSoftmax;
    @Option(names = "--out-tanh", arity = "0..1", fallbackValue = "true") Boolean outTanh;
    @Option(names = "--v2-input-sigmoid", arity = "0..1", fallbackValue = "true",
            description = "Official name; applies tanh to the input generator's output.") Boolean v2InputSigmoid;
    @Option(names = "--use-latent-to-init", arity = "0..1", fallbackValue = "true") Boolean useLatentToInit;
    @Option(names = "--use-pos-enc", arity = "0..1", fallbackValue = "true") Boolean usePosEnc;
    @Option(names = "--val-tanh", arity = "0..1", fallbackValue = "true") Boolean valTanh;
    @Option(names = "--vect-lr", arity = "0..1", fallbackValue = "true") Boolean vectLr;
    @Option(names = "--no-sigmoid-lr", arity = "0..1", fallbackValue = "true") Boolean noSigmoidLr;
    @Option(names = "--scale-intermed-loss", arity = "0..1", fallbackValue = "true") Boolean scaleIntermedLoss;
    @Option(names = "--use-learned-init", arity = "0..1", fallbackValue = "true") Boolean useLearnedInit;
    @Option(names = "--unet-tanh", arity = "0..1", fallbackValue = "true") Boolean unetTanh;
    @Option(names = "--stop-grad-unet", arity = "0..1", fallbackValue = "true") Boolean stopGradUnet;
    @Option(names = "--frozen-base", arity = "0..1", fallbackValue = "true") Boolean frozenBase;
    @Option(names = "--use-pre-unet-loss", arity = "0..1", fallbackValue = "true") Boolean usePreUnetLoss;
    @Option(names = "--greyscale", arity = "0..1", fallbackValue = "true") Boolean greyscale;
    @Option(names = "--transparent", arity = "0..1", fallbackValue = "true") Boolean transparent;

    /** The --config file's options with every given flag on top, under the official names. */
    ObjectNode toOfficialArgs() throws IOException {
        ObjectNode args = config == null ? JSON.createObjectNode() : readConfig(config);
        for (Field f : ModelOptions.class.getDeclaredFields()) {
            Option o = f.getAnnotation(Option.class);
            if (o == null || f.getName().equals("config")) {
                continue;
            }
            try {
                Object value = f.get(this);
                if (value != null) {
                    args.set(o.names()[0].substring(2).replace('-', '_'), JSON.valueToTree(value));
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        return args;
    }

    private static ObjectNode readConfig(Path file) throws IOException {
        JsonNode node;
        try {
            node = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (node != null && node.has("trainer_args")) {
            node = node.get("trainer_args");
        }
        if (node == null || !node.isObject()) {
            throw new IOException(file + ": must hold a JSON object of official option names");
        }
        return (ObjectNode) node;
    }
}
