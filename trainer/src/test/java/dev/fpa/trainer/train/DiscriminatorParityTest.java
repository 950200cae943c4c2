package dev.fpa.trainer.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.fpa.trainer.model.discriminator.Discriminator;
import dev.fpa.trainer.model.config.DiscriminatorConfig;
import dev.fpa.trainer.model.FixtureSet;
import dev.fpa.trainer.model.layers.StateDictLoader;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The discriminator set (disc_grey32): official weights, real and fake batches; the logits of both heads, the
 * reconstruction loss, the hinge losses, the gradient penalty and its input gradient, the total D loss, the
 * gradient of that total for every D parameter and intermediate activations, at the manifest's tolerances.
 */
class DiscriminatorParityTest {
    private static final double LOSS_TOL = 1e-4;
    private static final double GP_RTOL = 1e-3;
    private static final double GP_ATOL = 1e-5;
    private static final double GRAD_RTOL = 1e-3;
    private static final double GRAD_ATOL = 1e-6;
    private static final double ACT_TOL = 1e-4;

    @Test
    void matchesTheOfficialDiscriminatorStep() throws IOException {
        FixtureSet fixture = FixtureSet.load("disc_grey32");
        ParityReport report = new ParityReport("disc_grey32");
        Discriminator d = new Discriminator(DiscriminatorConfig.fromTrainerArgs(fixture.config().toJson()));
        try (NDManager manager = NDManager.newBaseManager(); InputGradient inputGradient = InputGradient.load()) {
            NDArray x = fixture.input("x", manager);
            d.initialize(manager, DataType.FLOAT32, x.getShape());
            StateDictLoader.load(d, fixture.gan(), "D.");
            GradientPenalty penalty = new GradientPenalty(inputGradient, 10);
            try (NDManager step = manager.newSubManager();
                    GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                ParameterStore ps = new ParameterStore(step, false);
                NDArray reals = fixture.input("x", step);
                reals.setRequiresGradient(true);
                Discriminator.Judgement fake = d.judge(ps, fixture.input("fake", step), true);
                Discriminator.Judgement real = d.judgeWithReconstruction(ps, reals, true, 0);
                NDArray hinge = DiscriminatorLoss.HINGE.of(real.logits(), fake.logits());
                NDArray hinge32 = DiscriminatorLoss.HINGE.of(real.logits32(), fake.logits32());
                NDArray scores = real.logits().sum().add(real.logits32().sum());
                NDArray gp = penalty.of(scores, reals);
                NDArray total = hinge.add(hinge32).add(real.reconstructionLoss()).add(gp);
                report.compare("real_logits", real.logits(), fixture.expected("real_logits"), LOSS_TOL, LOSS_TOL);
                report.compare("real_logits32", real.logits32(), fixture.expected("real_logits32"), LOSS_TOL, LOSS_TOL);
                report.compare("fake_logits", fake.logits(), fixture.expected("fake_logits"), LOSS_TOL, LOSS_TOL);
                report.compare("fake_logits32", fake.logits32(), fixture.expected("fake_logits32"), LOSS_TOL, LOSS_TOL);
                report.compare("aux_loss", real.reconstructionLoss(), fixture.expected("aux_loss"), LOSS_TOL, LOSS_TOL);
                report.compare("d_hinge", hinge, fixture.expected("d_hinge"), LOSS_TOL, LOSS_TOL);
                report.compare("d_hinge32", hinge32, fixture.expected("d_hinge32"), LOSS_TOL, LOSS_TOL);
                report.compare("gp", gp, fixture.expected("gp"), GP_ATOL, GP_RTOL);
                report.compare("gp_input_grad", inputGradient.of(scores, reals), fixture.expected("gp_input_grad"),
                        GP_ATOL, GP_RTOL);
                report.compare("d_total", total, fixture.expected("d_total"), LOSS_TOL, LOSS_TOL);
                compareActivations(d, ps, fixture, step, report);
                collector.backward(total);
            }
            StateDictLoader.namedParameters(d).forEach((name, p) -> {
                try (NDArray grad = TorchGradients.of(p.getArray())) {
                    report.compare("grad.D." + name, grad, fixture.expected("grad.D." + name), GRAD_ATOL, GRAD_RTOL);
                }
            });
        }
        report.assertAllWithin();
    }

    /** The first real sample's intermediate values, by running the official submodules one by one. */
    private static void compareActivations(Discriminator d, ParameterStore ps, FixtureSet fixture, NDManager m,
            ParityReport report) {
        NDArray x0 = fixture.input("x", m).get("0:1");
        NDArray attention = forward(child(d, "residual_layers", "0", "1"), ps, x0);
        report.compare("act_real0.res0_attn_out", attention, fixture.expected("act_real0.res0_attn_out"), ACT_TOL, 0);
        NDArray res0 = forward(child(d, "residual_layers", "0", "0"), ps, attention.add(x0));
        report.compare("act_real0.res0_out", res0, fixture.expected("act_real0.res0_out"), ACT_TOL, 0);
        NDArray res1 = forward(child(d, "residual_layers", "1", "0"), ps, res0);
        report.compare("act_real0.res1_out", res1, fixture.expected("act_real0.res1_out"), ACT_TOL, 0);
        report.compare("act_real0.recon_8x8", forward(child(d, "decoder1"), ps, res1),
                fixture.expected("act_real0.recon_8x8"), ACT_TOL, 0);
        String[] head = {"s32_conv0_out", "s32_attn64_out", "s32_down_out", "s32_attn32_out"};
        NDArray h = x0;
        for (int i = 0; i < head.length; i++) {
            h = forward(child(d, "to_shape_disc_out", Integer.toString(i)), ps, h);
            report.compare("act_real0." + head[i], h, fixture.expected("act_real0." + head[i]), ACT_TOL, 0);
        }
    }

    private static NDArray forward(Block block, ParameterStore ps, NDArray x) {
        return block.forward(ps, new NDList(x), true).head();
    }

    /** A nested child by its torch names ("residual_layers", "0", …). */
    private static Block child(Block block, String... path) {
        Block b = block;
        for (String name : path) {
            b = StateDictLoader.children(b).get(name);
        }
        return b;
    }
}
