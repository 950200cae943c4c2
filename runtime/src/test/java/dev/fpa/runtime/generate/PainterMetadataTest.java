package dev.fpa.runtime.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fpa.runtime.testing.HostileModels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A painter opens only when its metadata agrees with its graph and is in range: each key of a shipped painter edited
 * in turn is refused with one line naming the file and the key.
 */
class PainterMetadataTest {
    private static final Path PAINTER = HostileModels.shippedZoo().resolve("fmnist-v2.onnx");
    private static final Path BASELINE = HostileModels.shippedZoo().resolve("fmnist-base.onnx");
    private static final String OUTPUT = "[-1, 1, 32, 32]";
    private static final Painter.Options OPTIONS = new Painter.Options(Device.CPU, 1, 2);

    @TempDir
    Path dir;

    static Stream<Arguments> edits() {
        return Stream.of(
                Arguments.of(PAINTER, "image_size", "64", "metadata image_size=64 disagrees with the graph's output "
                        + "image " + OUTPUT),
                Arguments.of(PAINTER, "image_size", "16", "metadata image_size=16 disagrees with the graph's output "
                        + "image " + OUTPUT),
                Arguments.of(PAINTER, "image_size", "abc", "metadata image_size='abc' is not a whole number from 1 to "
                        + "4096"),
                Arguments.of(PAINTER, "channels", "3", "metadata channels=3 disagrees with the graph's output image "
                        + OUTPUT),
                Arguments.of(PAINTER, "channels", "0", "metadata channels='0' is not a whole number from 1 to 4"),
                Arguments.of(PAINTER, "channels", "2", "metadata channels='2' is not 1 (grey), 3 (RGB) or 4 (RGBA)"),
                Arguments.of(PAINTER, "frames", "34", "metadata frames=34 disagrees with the graph's output frames "
                        + "[-1, 32, 1, 32, 32]"),
                Arguments.of(PAINTER, "frames", "0", "metadata frames=0 disagrees with the graph's output frames "
                        + "[-1, 32, 1, 32, 32]"),
                Arguments.of(PAINTER, "frames", "16", "metadata frames=16 and steps=16 disagree (painting frames are "
                        + "2·steps, 2 more with a U-Net, or 0 when not exported)"),
                Arguments.of(PAINTER, "latent_dim", "64", "metadata latent_dim=64 disagrees with the graph's input z "
                        + "[-1, 128]"),
                Arguments.of(PAINTER, "latent_dim", "-4096", "metadata latent_dim='-4096' is not a whole number from "
                        + "1 to 65536"),
                Arguments.of(PAINTER, "steps", "4", "metadata frames=32 and steps=4 disagree (painting frames are "
                        + "2·steps, 2 more with a U-Net, or 0 when not exported)"),
                Arguments.of(PAINTER, "steps", "99999", "metadata steps='99999' is not a whole number from 0 to "
                        + "4096"),
                Arguments.of(PAINTER, "weights", "G E", "metadata weights='G E' is not one word of letters, digits, "
                        + "'_' and '-'"),
                Arguments.of(PAINTER, "model_type", "x\n\u001b[2J", "metadata model_type='x\\n\\u001B[2J' is not "
                        + "one word of letters, digits, '_' and '-'"),
                Arguments.of(PAINTER, "config", "not json", "metadata config is not a JSON object"),
                Arguments.of(PAINTER, "noise_inputs", "z", "metadata noise_inputs='z' is not a list of distinct "
                        + "input names other than z"),
                Arguments.of(BASELINE, "noise_inputs", "noise_0,noise_1", "metadata noise_inputs='noise_0,noise_1' "
                        + "disagrees with the graph's inputs [z, noise_0, noise_1, noise_2] (the latents z and the "
                        + "noise inputs)"),
                Arguments.of(BASELINE, "image_size", "64", "metadata image_size=64 disagrees with the graph's output "
                        + "image " + OUTPUT));
    }

    @ParameterizedTest(name = "{1}={2}")
    @MethodSource("edits")
    void refusesMetadataThatLies(Path model, String key, String value, String message) throws IOException {
        Path edited = HostileModels.withMetadata(model, key, value, dir.resolve("m.onnx"));
        IOException e = assertThrows(IOException.class, () -> Painter.open(edited, OPTIONS));
        assertEquals(edited + ": " + message, e.getMessage());
    }

    @Test
    void opensTheShippedModelsAsTheyAre() throws IOException {
        try (Painter painter = Painter.open(PAINTER, OPTIONS)) {
            assertEquals(32, painter.description().imageSize());
            assertEquals(3 * 1024, painter.generate(new long[] {1, 2, 3}).images().length);
            assertEquals(32 * 1024, painter.paint(0).length);
        }
        try (Painter painter = Painter.open(BASELINE, OPTIONS)) {
            assertEquals(List.of("noise_0", "noise_1", "noise_2"), painter.description().noiseInputs());
            assertEquals(3 * 1024, painter.generate(new long[] {1, 2, 3}).raw().length);
        }
    }
}
