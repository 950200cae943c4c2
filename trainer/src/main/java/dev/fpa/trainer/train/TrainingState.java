package dev.fpa.trainer.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.fpa.trainer.model.discriminator.Discriminator;
import dev.fpa.trainer.model.GeneratorFactory;
import dev.fpa.trainer.model.layers.ImageGenerator;
import dev.fpa.trainer.model.painter.LstmDeltaGenerator;
import dev.fpa.trainer.model.layers.StateDictLoader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Everything a GAN run carries from one step to the next: G, its moving average GE, D, their Adam optimizers, the
 * step (the index of the next iteration), the randomness and the best FID so far. The networks live on one
 * NDManager, freed with this object.
 */
public final class TrainingState implements AutoCloseable {
    /** The official lstm_delta_unet optimizer has a second parameter group, the U-Net's, at unet_lr. */
    private static final String UNET_GROUP_MODEL = LstmDeltaGenerator.MODEL_TYPE + "_unet";
    private static final String UNET_PREFIX = "u_net.";

    private final RunConfig config;
    private final NDManager manager;
    private final ImageGenerator g;
    private final ImageGenerator ge;
    private final Discriminator d;
    private final TorchAdam gOptimizer;
    private final TorchAdam dOptimizer;
    private long step;
    private RunRandomness randomness;
    private OptionalDouble bestFid = OptionalDouble.empty();

    private TrainingState(RunConfig config, RunRandomness randomness, Device device) {
        this.config = config;
        this.randomness = randomness;
        this.manager = NDManager.newBaseManager(device);
        try {
            Engine.getInstance().setRandomSeed(randomness.engineSeed(RunRandomness.Purpose.INITIALISATION, 0));
            g = GeneratorFactory.create(config.generator());
            g.initialize(manager);
            ge = GeneratorFactory.create(config.generator());
            ge.initialize(manager);
            ge.freezeParameters(true);
            ExponentialAverage.reset(g, ge);
            d = new Discriminator(config.discriminator());
            int side = config.discriminator().imageSize();
            d.initialize(manager, DataType.FLOAT32, new Shape(1, config.discriminator().channels(), side, side));
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
        TrainingConfig t = config.training();
        boolean unetGroup = config.generator().modelType().equals(UNET_GROUP_MODEL);
        gOptimizer = new TorchAdam(trainable(g),
                name -> unetGroup && name.startsWith(UNET_PREFIX) ? t.unetLr() : t.lr(),
                t.adamBeta1(), t.adamBeta2(), t.adamEps());
        dOptimizer = new TorchAdam(trainable(d), name -> t.lr() * t.tturMult(), t.adamBeta1(), t.adamBeta2(),
                t.adamEps());
    }

    /** A new run on the CPU with the official initialisations, drawn from the run's seed. */
    public static TrainingState create(RunConfig config) {
        return create(config, Device.cpu());
    }

    /** A new run with the official initialisations, drawn from the run's seed; GE starts as a copy of G. */
    public static TrainingState create(RunConfig config, Device device) {
        return new TrainingState(config, new RunRandomness(config.training().seed(), 0), device);
    }

    /** A state to be filled from a checkpoint (same structure; weights overwritten by the caller). */
    static TrainingState create(RunConfig config, RunRandomness randomness, Device device) {
        return new TrainingState(config, randomness, device);
    }

    private static Map<String, Parameter> trainable(Block block) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        StateDictLoader.namedParameters(block).forEach((name, p) -> {
            if (p.requiresGradient()) {
                out.put(name, p);
            }
        });
        return out;
    }

    public RunConfig config() {
        return config;
    }

    public NDManager manager() {
        return manager;
    }

    public ImageGenerator generator() {
        return g;
    }

    public ImageGenerator emaGenerator() {
        return ge;
    }

    public Discriminator discriminator() {
        return d;
    }

    public TorchAdam generatorOptimizer() {
        return gOptimizer;
    }

    public TorchAdam discriminatorOptimizer() {
        return dOptimizer;
    }

    /** The index of the next iteration, which is also the number of iterations done. */
    public long step() {
        return step;
    }

    void setStep(long step) {
        this.step = step;
    }

    public RunRandomness randomness() {
        return randomness;
    }

    void setRandomness(RunRandomness randomness) {
        this.randomness = randomness;
    }

    public OptionalDouble bestFid() {
        return bestFid;
    }

    void setBestFid(OptionalDouble bestFid) {
        this.bestFid = bestFid;
    }

    @Override
    public void close() {
        manager.close();
    }
}
