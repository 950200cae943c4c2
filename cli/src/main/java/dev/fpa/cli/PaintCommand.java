package dev.fpa.cli;

import dev.fpa.runtime.generate.ModelDescription;
import dev.fpa.runtime.generate.Painter;
import dev.fpa.runtime.image.AnimatedGif;
import dev.fpa.runtime.image.ImageData;
import dev.fpa.runtime.image.ImageEncoder;
import dev.fpa.runtime.image.ImageZoom;
import dev.fpa.runtime.image.PaintingStrip;
import dev.fpa.trainer.checkpoint.Checkpoint;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fpa paint}: the paper's figure of one sample being painted, and optionally its animation. */
@Command(name = "paint", mixinStandardHelpOptions = true,
        description = {"Show how a painter draws one sample (needs a model exported with --frames): the strip has "
                + "the normalised rank-1 updates on top and the partial image after each step below, left to right "
                + "(U-Net models end each row with the U-Net's change and result); the GIF shows the picture "
                + "being painted step by step."})
final class PaintCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "MODEL",
            description = "An ONNX model from fpa export --frames (a file, a URL or zoo:NAME)."
                    + " Default: the built-in zoo's default model.")
    String model;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S",
            description = "The sample's seed, as in fpa generate --seeds (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "STRIP.png", description = "The strip to write (PNG).")
    Path out;

    @Option(names = "--gif", paramLabel = "PAINT.gif", description = "Also write the painting as an animated GIF.")
    Path gif;

    @Option(names = "--zoom", defaultValue = "1", paramLabel = "K",
            description = "Enlarge each pixel to KxK in the outputs (default: ${DEFAULT-VALUE}).")
    int zoom;

    @Option(names = "--delay", defaultValue = "150", paramLabel = "MS",
            description = "GIF: milliseconds per step (default: ${DEFAULT-VALUE}); the finished picture stays "
                    + "ten times as long.")
    int delay;

    @Mixin
    DeviceOptions device;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** How much longer the GIF holds the finished picture than each step. */
    private static final int FINAL_HOLD = 10;

    @Override
    public Integer call() throws Exception {
        OutputGuard.of(spec).file("--out", out).file("--gif", gif).check();
        if (zoom < 1 || delay < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--zoom and --delay must be positive");
        }
        try (Painter painter = device.open(model, 1, spec.commandLine().getErr())) {
            ModelDescription d = painter.description();
            float[] frames = painter.paint(seed);
            float pad = Checkpoint.EMA_GENERATOR.equals(d.weights()) ? PaintingStrip.EMA_PAD_VALUE
                    : PaintingStrip.PAD_VALUE;
            ImageData strip = PaintingStrip.render(frames, d.frames(), d.channels(), d.imageSize(), pad);
            ImageEncoder.writePng(out, ImageZoom.nearest(strip, zoom));
            spec.commandLine().getOut().printf("wrote %s: %d steps of seed %d (%dx%d)%n", out, d.steps(), seed,
                    strip.width() * zoom, strip.height() * zoom);
            if (gif != null) {
                List<ImageData> steps = PaintingStrip.paintingSequence(frames, d.frames(), d.channels(), d.imageSize())
                        .stream().map(image -> ImageZoom.nearest(image, zoom)).toList();
                AnimatedGif.write(gif, steps, delay, delay * FINAL_HOLD);
                spec.commandLine().getOut().printf("wrote %s: %d frames%n", gif, steps.size());
            }
        }
        return 0;
    }
}
