package dev.fpa.trainer.model;

import dev.fpa.trainer.model.painter.PaintTrace;
import dev.fpa.trainer.model.painter.PainterGenerator;
import dev.fpa.trainer.model.painter.SlowNetActivations;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Official weights, official latents, official outputs: G and GE of every generator fixture set
 * must reproduce the PyTorch forward pass, step visualisation and intermediate activations.
 */
class PainterParityTest {
    /** The bound for the painters, float32 against float32. */
    private static final double PAINTER_TOLERANCE = 1e-5;
    /** Outputs that went through the U-Net (hundreds of convolutions and norms deep). */
    private static final double UNET_TOLERANCE = 1e-4;

    @ParameterizedTest
    @ValueSource(strings = {"v2_grey32", "v2_grey32_bigW", "v2_rgb16_plain", "v1_grey32", "v1_grey32_bigW"})
    void painterMatchesOfficialCode(String set) throws IOException {
        FixtureSet fixture = FixtureSet.load(set);
        MaxErrors painter = new MaxErrors(set);
        compare(fixture, painter, painter);
        painter.assertWithin(PAINTER_TOLERANCE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"v2unet_grey32", "v2unet_grey32_bigW"})
    void unetPainterMatchesOfficialCode(String set) throws IOException {
        FixtureSet fixture = FixtureSet.load(set);
        MaxErrors painted = new MaxErrors(set);
        MaxErrors refined = new MaxErrors(set + " U-Net");
        compare(fixture, painted, refined);
        painted.assertWithin(PAINTER_TOLERANCE);
        refined.assertWithin(UNET_TOLERANCE);
    }

    /** Compares everything a set holds; arrays that went through a U-Net go to {@code refined}. */
    private static void compare(FixtureSet fixture, MaxErrors painted, MaxErrors refined) {
        boolean unet = fixture.config().modelType().endsWith("_unet");
        try (NDManager manager = NDManager.newBaseManager()) {
            ParameterStore ps = new ParameterStore(manager, false);
            for (String which : List.of("G", "GE")) {
                PainterGenerator generator = fixture.painter(which, manager);
                try (NDManager call = manager.newSubManager()) {
                    NDArray z = fixture.input("z", call);
                    NDArray out = generator.forward(ps, new NDList(z), false).singletonOrThrow();
                    refined.compare(which + "_out", out, fixture.expected(which + "_out"));
                    refined.compare(which + "_steps", generator.generateSteps(ps, z),
                            fixture.expected(which + "_steps"));
                    if (which.equals("G")) {
                        compareTrace(fixture, generator.trace(ps, z), painted, refined, unet);
                    }
                }
            }
        }
    }

    /** The act0.* arrays are the first latent's; the U-Net sets also hold every latent's U-Net input and output. */
    private static void compareTrace(FixtureSet fixture, PaintTrace trace, MaxErrors painted, MaxErrors refined,
            boolean unet) {
        SlowNetActivations slow = trace.slowNet();
        String first = "0";
        String firstInTime = ":, 0";
        slow.latentToInit().ifPresent(a -> painted.compare("act0.latent_to_init", a.get(first),
                fixture.expected("act0.latent_to_init")));
        slow.inputGenerator().ifPresent(a -> painted.compare("act0.input_generator", a.get(first),
                fixture.expected("act0.input_generator")));
        slow.perTimeLinearInput().ifPresent(a -> painted.compare("act0.per_time_linear_input", a.get(first),
                fixture.expected("act0.per_time_linear_input")));
        painted.compare("act0.lstm_out", slow.lstmOut().get(firstInTime), fixture.expected("act0.lstm_out"));
        painted.compare("act0.lstm_h_n", slow.lstmFinalHidden().get(firstInTime), fixture.expected("act0.lstm_h_n"));
        painted.compare("act0.lstm_c_n", slow.lstmFinalCell().get(firstInTime), fixture.expected("act0.lstm_c_n"));
        painted.compare("act0.kvb_out", slow.projections().get(firstInTime), fixture.expected("act0.kvb_out"));
        painted.compare("act0.W_step1", trace.fastWeights().get(0).get(first), fixture.expected("act0.W_step1"));
        painted.compare("act0.W_step2", trace.fastWeights().get(1).get(first), fixture.expected("act0.W_step2"));
        painted.compare("act0.W_stepT", trace.finalFastWeights().get(first), fixture.expected("act0.W_stepT"));
        if (unet) {
            painted.compare("G_painter_out", trace.finalFastWeights(), fixture.expected("G_painter_out"));
            painted.compare("G_unet_in", trace.unetInput().orElseThrow(), fixture.expected("G_unet_in"));
            refined.compare("G_unet_out", trace.unetOutput().orElseThrow(), fixture.expected("G_unet_out"));
        }
    }
}
