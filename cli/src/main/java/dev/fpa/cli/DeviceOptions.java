package dev.fpa.cli;

import dev.fpa.runtime.generate.Device;
import dev.fpa.runtime.generate.Painter;
import dev.fpa.runtime.zoo.ModelZoo;
import dev.fpa.runtime.zoo.ZooResolver;
import dev.fpa.trainer.engine.TorchDevice;
import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where and how ONNX models run: the device, the workers and ONNX Runtime's threads, shared by every command that
 * runs one.
 */
final class DeviceOptions {
    @Option(names = "--device", defaultValue = "auto", paramLabel = "auto|cpu|cuda[:i]|gpu[:i]",
            description = "Run on the CPU or a CUDA GPU; auto takes GPU 0 when this is the GPU build and one is "
                    + "present, else the CPU, and says so (default: ${DEFAULT-VALUE}).")
    String device;

    @Mixin
    ParallelOptions parallel = new ParallelOptions();

    /** The same choice for the DJL engine (generate --checkpoint): gpu[:i] and cuda[:i] name the same GPU. */
    TorchDevice torchDevice() {
        return TorchDevice.resolve(device);
    }

    Painter.Options painterOptions(int batchSize) {
        return new Painter.Options(Device.parse(device), parallel.threads, batchSize, parallel.workerCount());
    }

    /**
     * Opens a model (file, URL or zoo:NAME; null: the built-in zoo's default generator) and prints the one-line
     * note when auto fell back to the CPU.
     */
    Painter open(String model, int batchSize, PrintWriter err) throws IOException {
        Painter painter = Painter.open(model != null ? model : defaultModel(), painterOptions(batchSize));
        painter.fallbackNote().ifPresent(note -> {
            err.println("fpa: " + note);
            err.flush();
        });
        return painter;
    }

    /** The built-in zoo's default generator, as a zoo reference. */
    static String defaultModel() throws IOException {
        return ZooResolver.PREFIX + ModelZoo.builtIn().defaultGenerator().orElseThrow(() -> new IOException(
                "no --model given and the built-in zoo has no default model"));
    }
}
