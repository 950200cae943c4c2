package dev.fpa.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fpa.trainer.imports.OfficialImporter;
import dev.fpa.trainer.checkpoint.Checkpoint;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
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
    @Option(names = "--image-size", paramLabel = "S", description = "Image side S (official "
            + "image_size).") Integer imageSize;
    @Option(names = "--latent-dim", paramLabel = "N", description = "Size of the latent z.") Integer latentDim;
    @Option(names = "--rnn-hidden-size", paramLabel = "H", description = "LSTM hidden size H.") Integer rnnHiddenSize;
    @Option(names = "--num-layers", paramLabel = "N", description = "LSTM layers.") Integer numLayers;
    @Option(names = "--num-decoding-steps", paramLabel = "T", description = "Painting steps T (rank-1 "
            + "updates).") Integer numDecodingSteps;
    @Option(names = "--mini-latent-dim", paramLabel = "N", description = "v2: latent slice per "
            + "step.") Integer miniLatentDim;
    @Option(names = "--mini-input-size", paramLabel = "N", description = "v2: LSTM input size per "
            + "step.") Integer miniInputSize;
    @Option(names = "--wide-out-dim", paramLabel = "N", description = "Extra ReLU layer before kvb_net (0: "
            + "none).") Integer wideOutDim;
    @Option(names = "--use-intermed-loss", paramLabel = "N", description = "N > 1: D also judges the images after "
            + "steps T/N, 2T/N, ...") Integer useIntermedLoss;
    @Option(names = "--max-unet-dim", paramLabel = "N", description = "U-Net width multipliers (1, 2, 4, ...) up to "
            + "this value.") Integer maxUnetDim;
    @Option(names = "--fmap-max", paramLabel = "N", description = "Widest discriminator/baseline layer (official "
            + "CLI: 512).") Integer fmapMax;
    @Option(names = "--attn-heads", paramLabel = "N", description = "Heads of the lightweight-GAN attention in the "
            + "discriminator and the base generator (official: 8; not stored in official checkpoints).")
    Integer attnHeads;
    @Option(names = "--attn-dim-head", paramLabel = "N", description = "Size of each of those heads (official: 64).")
    Integer attnDimHead;
    @Option(names = "--attn-res-layers", split = ",", paramLabel = "R", description = "Resolutions with attention in "
            + "the baseline generator and the discriminator (official: 32).") List<Integer> attnResLayers;
    @Option(names = "--use-softmax", arity = "0..1", fallbackValue = "true", description = "Softmax over each "
            + "key.") Boolean useSoftmax;
    @Option(names = "--out-tanh", arity = "0..1", fallbackValue = "true", description = "tanh on the final "
            + "image.") Boolean outTanh;
    @Option(names = "--v2-input-sigmoid", arity = "0..1", fallbackValue = "true",
            description = "Official name; applies tanh to the input generator's output.") Boolean v2InputSigmoid;
    @Option(names = "--use-latent-to-init", arity = "0..1", fallbackValue = "true", description = "v2: initial LSTM "
            + "state from the latent.") Boolean useLatentToInit;
    @Option(names = "--use-pos-enc", arity = "0..1", fallbackValue = "true", description = "Learned per-step "
            + "encoding added to the LSTM input.") Boolean usePosEnc;
    @Option(names = "--val-tanh", arity = "0..1", fallbackValue = "true", description = "tanh on each value "
            + "vector.") Boolean valTanh;
    @Option(names = "--vect-lr", arity = "0..1", fallbackValue = "true", description = "One learning rate per row "
            + "instead of a scalar.") Boolean vectLr;
    @Option(names = "--no-sigmoid-lr", arity = "0..1", fallbackValue = "true", description = "Use the learning-rate "
            + "logits without the sigmoid.") Boolean noSigmoidLr;
    @Option(names = "--scale-intermed-loss", arity = "0..1", fallbackValue = "true", description = "Scale "
            + "intermediate images by N/j.") Boolean scaleIntermedLoss;
    @Option(names = "--use-learned-init", arity = "0..1", fallbackValue = "true", description = "v1: learned initial "
            + "image W_0.") Boolean useLearnedInit;
    @Option(names = "--unet-tanh", arity = "0..1", fallbackValue = "true", description = "U-Net variants: tanh on "
            + "the painter image before the U-Net.") Boolean unetTanh;
    @Option(names = "--stop-grad-unet", arity = "0..1", fallbackValue = "true", description = "U-Net variants: no "
            + "gradient from the U-Net into the painter.") Boolean stopGradUnet;
    @Option(names = "--frozen-base", arity = "0..1", fallbackValue = "true", description = "U-Net variants: the "
            + "painter is not trained.") Boolean frozenBase;
    @Option(names = "--use-pre-unet-loss", arity = "0..1", fallbackValue = "true", description = "U-Net variants: D "
            + "also judges the image before the U-Net.") Boolean usePreUnetLoss;
    @Option(names = "--greyscale", arity = "0..1", fallbackValue = "true", description = "One grey "
            + "channel.") Boolean greyscale;
    @Option(names = "--transparent", arity = "0..1", fallbackValue = "true", description = "Four channels "
            + "(RGBA).") Boolean transparent;

    /** The --config file's options with every given flag on top, under the official names. */
    ObjectNode toOfficialArgs() throws IOException {
        ObjectNode args = config == null ? JSON.createObjectNode() : readConfig(config);
        return OfficialFlags.putGiven(this, args, "config");
    }

    /** An fpa checkpoint or an official one read with these options; the reader's notes go to the console. */
    Checkpoint readCheckpoint(Path file, PrintWriter console) throws IOException {
        List<String> notes = new ArrayList<>();
        Checkpoint checkpoint = OfficialImporter.readEither(file, toOfficialArgs(), notes);
        notes.forEach(n -> console.println("note: " + n));
        return checkpoint;
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
