package dev.fpa.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The official training and discriminator options as kebab-case flags (see {@link OfficialFlags}); main.py's
 * spellings --learning-rate and --grad-accumulate-every stand for the Trainer's lr and gradient_accumulate_every.
 * fpa adds the options the official code hard-codes (Adam's betas, the EMA schedule, the penalty period, the
 * discriminator's fmap_inverse_coef), with the official values as defaults.
 */
final class TrainingOptions {
    @Option(names = "--batch-size", converter = Counts.Positive.class, paramLabel = "B", description = "Images per "
            + "micro-batch (official CLI: 10).") Integer batchSize;
    @Option(names = {"--grad-accumulate-every", "--gradient-accumulate-every"}, paramLabel = "N",
            description = "Micro-batches per optimizer step (official CLI: 4).") Integer gradAccumulateEvery;
    @Option(names = {"--learning-rate", "--lr"}, paramLabel = "LR", description = "Adam learning rate of G "
            + "(official: 2e-4).") Double learningRate;
    @Option(names = "--ttur-mult", paramLabel = "X", description = "D learning rate = this × G's (official: "
            + "1).") Double tturMult;
    @Option(names = "--unet-lr", paramLabel = "LR", description = "lstm_delta_unet: learning rate of the U-Net "
            + "(official: 2e-4).") Double unetLr;
    @Option(names = "--gp-weight", paramLabel = "W", description = "Weight of the gradient penalty (official: "
            + "10).") Double gpWeight;
    @Option(names = "--gp-every", paramLabel = "N", description = "Apply the penalty at every N-th step (official: "
            + "4).") Integer gpEvery;
    @Option(names = "--aug-prob", paramLabel = "P", description = "Probability that D's input is augmented "
            + "(official: 0).") Double augProb;
    @Option(names = "--aug-types", split = ",", paramLabel = "T", description = "DiffAugment types in order: cutout, "
            + "translation, color, offset, offset_h, offset_v (official: cutout,translation).") List<String> augTypes;
    @Option(names = "--dataset-aug-prob", paramLabel = "P", description = "Probability of mirroring each real image "
            + "(official: 0).") Double datasetAugProb;
    @Option(names = "--num-train-steps", paramLabel = "N", description = "Train up to this step (official CLI: "
            + "150000).") Integer numTrainSteps;
    @Option(names = "--save-every", paramLabel = "N", description = "Checkpoint every N steps (official: "
            + "1000).") Integer saveEvery;
    @Option(names = "--evaluate-every", paramLabel = "N", description = "Sample grids and loss plot every N steps "
            + "(official: 1000).") Integer evaluateEvery;
    @Option(names = "--num-image-tiles", paramLabel = "N", description = "Sample grids of N × N images (official: "
            + "8).") Integer numImageTiles;
    @Option(names = "--seed", paramLabel = "S", description = "Seed of the run: initialisation, latents, data order, "
            + "augmentation (official: 1).") Long seed;
    @Option(names = "--ema-only-unet", arity = "0..1", fallbackValue = "true", description = "U-Net types: average "
            + "only the U-Net into GE.") Boolean emaOnlyUnet;
    @Option(names = "--use-unet-match-loss", arity = "0..1", fallbackValue = "true", description = "U-Net types with "
            + "--use-pre-unet-loss: add MSE(U-Net output, painter output) to the G loss.") Boolean useUnetMatchLoss;
    @Option(names = "--use-unet-match-loss-only", arity = "0..1", fallbackValue = "true", description = "... and D "
            + "judges only the U-Net output.") Boolean useUnetMatchLossOnly;
    @Option(names = "--clip", paramLabel = "X", description = "lstm_delta types: clip G's gradient norm (0: "
            + "off).") Double clip;
    @Option(names = "--clip-rnn", paramLabel = "X", description = "lstm_delta types: clip the LSTM's gradient norm "
            + "(0: off).") Double clipRnn;
    @Option(names = "--adam-beta1", paramLabel = "B", description = "Adam β1 (official: 0.5).") Double adamBeta1;
    @Option(names = "--adam-beta2", paramLabel = "B", description = "Adam β2 (official: 0.9).") Double adamBeta2;
    @Option(names = "--adam-eps", paramLabel = "E", description = "Adam eps (official: 1e-8).") Double adamEps;
    @Option(names = "--ema-decay", paramLabel = "D", description = "EMA decay of GE (official: "
            + "0.995).") Double emaDecay;
    @Option(names = "--ema-every", paramLabel = "N", description = "Average GE every N steps (official: "
            + "10).") Integer emaEvery;
    @Option(names = "--ema-start", paramLabel = "N", description = "Average GE after step N (official: "
            + "20000).") Integer emaStart;
    @Option(names = "--ema-reset-every", paramLabel = "N", description = "Reset GE to G every N steps (official: "
            + "1000, at steps 2, 1002, …).") Integer emaResetEvery;
    @Option(names = "--ema-reset-until", paramLabel = "N", description = "Reset GE up to step N (official: "
            + "25000).") Integer emaResetUntil;
    @Option(names = "--disc-output-size", paramLabel = "1|5", description = "D's main head: one logit or a 5x5 map "
            + "(official CLI: 1).") Integer discOutputSize;
    @Option(names = "--fmap-inverse-coef", paramLabel = "N", description = "D widths are 2^(N - log2 side), capped "
            + "at --fmap-max (official: 12).") Integer fmapInverseCoef;

    /** The given flags under official names, laid over {@code args}. */
    ObjectNode putGiven(ObjectNode args) {
        return OfficialFlags.putGiven(this, args);
    }
}
