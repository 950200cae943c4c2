package dev.fpa.runtime.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fpa.runtime.generate.Device;
import dev.fpa.runtime.generate.Painter;
import dev.fpa.runtime.io.Sha256;
import dev.fpa.runtime.testing.HostileModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A zoo model loads only with the checksum its index lists, checked as it loads and again once it changed. */
class ZooChecksumTest {
    private static final String ZOO_DIR = "fpa.zoo.dir";

    @TempDir
    Path dir;
    private String previousZooDir;

    @BeforeEach
    void useTheTemporaryZoo() {
        previousZooDir = System.getProperty(ZOO_DIR);
        System.setProperty(ZOO_DIR, dir.toString());
    }

    @AfterEach
    void restoreTheZoo() {
        if (previousZooDir == null) {
            System.clearProperty(ZOO_DIR);
        } else {
            System.setProperty(ZOO_DIR, previousZooDir);
        }
    }

    @Test
    void loadsAnIntactModelAndRefusesItOnceChanged() throws IOException {
        Path model = dir.resolve("m.onnx");
        Files.writeString(model, "model bytes");
        ModelZoo.local(dir).add("m", ZooEntry.GENERATOR, "m.onnx", "", List.of("m.onnx"), true);
        for (int i = 0; i < 2; i++) {
            assertArrayEquals("model bytes".getBytes(StandardCharsets.UTF_8), ModelReference.read("zoo:m").bytes());
        }
        FileTime installed = Files.getLastModifiedTime(model);
        Files.writeString(model, "model bytez");
        Files.setLastModifiedTime(model, FileTime.fromMillis(installed.toMillis() + 10_000));
        IOException e = assertThrows(IOException.class, () -> ModelReference.read("zoo:m"));
        assertEquals("zoo:m: model file " + model + " does not match its checksum in " + dir.resolve(ModelZoo.INDEX)
                + " (expected " + Sha256.of("model bytes".getBytes(StandardCharsets.UTF_8)) + ", found "
                + Sha256.ofFile(model) + "); reinstall it or run fpa zoo verify", e.getMessage());
    }

    @Test
    void aPainterRefusesAZooModelWithOneFlippedByte() throws IOException {
        Path model = HostileModels.zooWithFlippedByte(HostileModels.shippedZoo(), "fmnist-v2", "flipped", dir);
        assertEquals(1, ModelZoo.local(dir).verify().size(), "verify sees the flipped byte too");
        IOException e = assertThrows(IOException.class,
                () -> Painter.open("zoo:flipped", new Painter.Options(Device.CPU, 1, 1)));
        assertTrue(e.getMessage().startsWith("zoo:flipped: model file " + model + " does not match its checksum"),
                e.getMessage());
    }

    @Test
    void aZooNameNeverReachesAFileOutsideItsZoo() throws IOException {
        Files.writeString(dir.resolveSibling(dir.getFileName() + "-outside.onnx"), "model bytes");
        HostileModels.writeIndexEntry(dir, "escaper", "../" + dir.getFileName() + "-outside.onnx");
        IOException e = assertThrows(IOException.class, () -> ModelReference.read("zoo:escaper"));
        assertTrue(e.getMessage().startsWith(dir.resolve(ModelZoo.INDEX) + ": entry 'escaper' names the file"),
                e.getMessage());
        Files.delete(dir.resolveSibling(dir.getFileName() + "-outside.onnx"));
    }
}
