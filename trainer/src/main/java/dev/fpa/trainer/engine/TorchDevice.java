package dev.fpa.trainer.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;

/**
 * Where the DJL engine computes: {@code auto} (GPU 0 when libtorch sees a GPU, else the CPU), {@code cpu}, or
 * {@code gpu[:i]} ({@code cuda[:i]} is accepted too, as the ONNX commands spell it).
 *
 * @param device      DJL's device
 * @param description one line for the user: which device and why
 */
public record TorchDevice(Device device, String description) {
    private static final String ENGINE = "PyTorch";

    /** The CPU, for code that has no choice to offer. */
    public static TorchDevice cpu() {
        return new TorchDevice(Device.cpu(), "cpu");
    }

    /**
     * Resolves a {@code --device} value against the GPUs libtorch sees.
     *
     * @throws IllegalArgumentException for a malformed value or a GPU that is not there, naming both
     */
    public static TorchDevice resolve(String spec) {
        return resolve(spec, Engine.getEngine(ENGINE).getGpuCount());
    }

    /** {@link #resolve(String)} with the GPU count given, so the choice itself is testable without a GPU. */
    static TorchDevice resolve(String spec, int gpus) {
        String s = spec.strip().toLowerCase(Locale.ROOT);
        if (s.equals("auto")) {
            return gpus > 0 ? new TorchDevice(Device.gpu(0), "gpu:0 (auto: libtorch sees " + gpus + " GPU(s))")
                    : new TorchDevice(Device.cpu(), "cpu (auto: libtorch sees no GPU)");
        }
        if (s.equals("cpu")) {
            return cpu();
        }
        String[] parts = s.split(":", -1);
        if ((parts[0].equals("gpu") || parts[0].equals("cuda")) && parts.length <= 2) {
            int index = parts.length == 1 ? 0 : parseIndex(spec, parts[1]);
            if (index >= gpus) {
                throw new IllegalArgumentException("--device " + spec + ": libtorch sees " + gpus + " GPU(s)"
                        + (gpus == 0 ? " (this is the CPU build, or no CUDA device is visible); use --device cpu"
                        : ", numbered 0 to " + (gpus - 1)));
            }
            return new TorchDevice(Device.gpu(index), "gpu:" + index);
        }
        throw new IllegalArgumentException("--device must be auto, cpu or gpu[:i], got '" + spec + "'");
    }

    private static int parseIndex(String spec, String index) {
        try {
            int i = Integer.parseInt(index);
            if (i >= 0) {
                return i;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--device " + spec + ": the GPU index must be a number from 0");
    }
}
