package dev.fpa.trainer.model;

import dev.fpa.trainer.model.layers.StateDictLoader;
import dev.fpa.trainer.model.unet.Unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The U-Net alone against the official one: G_unet_out from G_unet_in with the checkpoint's G.u_net.* weights. */
class UNetParityTest {
    private static final double TOLERANCE = 1e-4;

    @ParameterizedTest
    @CsvSource({"v2unet_grey32, 2", "v2unet_grey32_bigW, 1"})
    void matchesTheOfficialUNet(String set, int maxUnetDim) throws IOException {
        FixtureSet fixture = FixtureSet.load(set);
        int size = fixture.manifest().get("config").get("image_size").asInt();
        Unet unet = new Unet(size, 1, Unet.dimMultsUpTo(maxUnetDim));
        MaxErrors errors = new MaxErrors(set);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray input = fixture.input("G_unet_in", manager);
            unet.initialize(manager, DataType.FLOAT32, input.getShape());
            StateDictLoader.load(unet, fixture.gan(), "G.u_net.");
            NDArray output = unet.forward(new ParameterStore(manager, false), new NDList(input), false).head();
            errors.compare("G_unet_out", output, fixture.expected("G_unet_out"));
        }
        errors.assertWithin(TOLERANCE);
    }
}
