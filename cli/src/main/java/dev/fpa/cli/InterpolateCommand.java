package dev.fpa.cli;

import dev.fpa.runtime.generate.ModelDescription;
import dev.fpa.runtime.generate.Painter;
import dev.fpa.runtime.generate.Slerp;
import dev.fpa.runtime.image.AnimatedGif;
import dev.fpa.runtime.image.ImageData;
import dev.fpa.runtime.image.ImageEncoder;
import dev.fpa.runtime.image.ImageGrid;
import dev.fpa.runtime.image.ImageZoom;
import dev.fpa.runtime.latent.LatentSampler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fpa interpolate}: a walk through latent space between the samples of some seeds. */
@Command(name = "interpolate", mixinStandardHelpOptions = true,
        description = "Walk along great circles (spherical interpolation) from each seed's latent to the next and "
                + "write the images as an animated GIF, and optionally as a grid.")
final class InterpolateCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "MODEL",
            description = "An ONNX model from fpa export (a file, a URL or zoo:NAME)."
                    + " Default: the built-in zoo's default model.")
    String model;

    @Option(names = "--seeds", required = true, paramLabel = "LIST",
            description = "At least two seeds, visited in order, e.g. 1,2,3 (ranges like 1-4 work too).")
    String seeds;

    @Option(names = "--frames", defaultValue = "30", paramLabel = "F",
            description = "Images from one seed to the next (default: ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--out", required = true, paramLabel = "WALK.gif", description = "The animated GIF to write.")
    Path out;

    @Option(names = "--grid", paramLabel = "WALK.png", description = "Also write every image in one PNG grid, one "
            + "row per step from a seed to the next.")
    Path grid;

    @Option(names = "--zoom", defaultValue = "1", paramLabel = "K",
            description = "Enlarge each GIF pixel to KxK (default: ${DEFAULT-VALUE}).")
    int zoom;

    @Option(names = "--delay", defaultValue = "80", paramLabel = "MS",
            description = "Milliseconds per GIF frame (default: ${DEFAULT-VALUE}).")
    int delay;

    @Option(names = "--batch-size", converter = Counts.Positive.class, defaultValue = "64", paramLabel = "B",
            description = "Latents per forward pass (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Mixin
    DeviceOptions device;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OutputGuard.of(spec).file("--out", out).file("--grid", grid).check();
        long[] visited = LatentOptions.parseSeeds(seeds);
        if (visited.length < 2 || frames < 1 || zoom < 1 || delay < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "give at least two --seeds, and positive --frames, --zoom and --delay");
        }
        try (Painter painter = device.open(model, batchSize, spec.commandLine().getErr())) {
            ModelDescription d = painter.description();
            int dim = d.latentDim();
            float[] walk = Slerp.walk(LatentSampler.sampleEach(visited, dim), visited.length, dim, frames);
            int n = walk.length / dim;
            if (grid != null) {
                ImageGrid.checkFits(n, d.imageSize(), d.imageSize(), frames, ImageGrid.PADDING);
            }
            // One noise seed for the whole walk, so a baseline's noise does not depend on the batch split.
            Painter.Images images = painter.generate(walk, n, visited[0]);
            List<ImageData> sequence = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                sequence.add(ImageZoom.nearest(images.image(i), zoom));
            }
            AnimatedGif.write(out, sequence, delay, delay);
            spec.commandLine().getOut().printf("wrote %s: %d images from %d seeds%n", out, n, visited.length);
            if (grid != null) {
                int s = d.imageSize();
                ImageEncoder.writePng(grid, ImageGrid.tile(images.images(), n, d.channels(), s, s, frames,
                        ImageGrid.PADDING, 0f));
                spec.commandLine().getOut().printf("wrote %s%n", grid);
            }
        }
        return 0;
    }
}
