package dev.fpa.trainer.train;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * ∂(Σ out)/∂x with its graph kept, so that a loss built from it (the gradient penalty) can itself be
 * back-propagated into the parameters. It calls {@code torch.autograd.grad(…, create_graph=True)} through a tiny
 * TorchScript module ({@code input_gradient.pt}, built once by {@code trainer/src/main/torchscript/input_gradient.py}
 * and shipped as a resource): unlike DJL's double backward, autograd.grad never writes parameter gradients, so no
 * parameter gradient holds a graph and memory stays flat. Call it inside a gradient collector; x must require
 * gradients.
 */
public final class InputGradient implements AutoCloseable {
    private static final String RESOURCE = "input_gradient.pt";
    private static final String ENGINE = "PyTorch";

    private final Model module;

    private InputGradient(Model module) {
        this.module = module;
    }

    /** The helper on the CPU. */
    public static InputGradient load() {
        return load(Device.cpu());
    }

    /** The helper on the device the training arrays live on. */
    public static InputGradient load(Device device) {
        Model module = Model.newInstance("input_gradient", device, ENGINE);
        try (InputStream in = InputGradient.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the fpa jar");
            }
            // TorchScript re-plans a graph after its first calls; the plans can round differently, and a resumed
            // run would make a different number of calls than a straight one. One plan keeps runs reproducible.
            JniUtils.setGraphExecutorOptimize(false);
            module.load(in, Map.of());
            return new InputGradient(module);
        } catch (IOException e) {
            module.close();
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        } catch (MalformedModelException | RuntimeException e) {
            module.close();
            throw new IllegalStateException("cannot load the TorchScript helper " + RESOURCE + ": "
                    + "" + e.getMessage(), e);
        }
    }

    /** The gradient, shaped like x and owned by x's manager. */
    public NDArray of(NDArray out, NDArray x) {
        return module.getBlock().forward(new ParameterStore(x.getManager(), false), new NDList(out, x), true)
                .singletonOrThrow();
    }

    @Override
    public void close() {
        module.close();
    }
}
