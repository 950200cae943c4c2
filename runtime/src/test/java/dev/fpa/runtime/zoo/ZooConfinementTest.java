package dev.fpa.runtime.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fpa.runtime.testing.HostileModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An index may name only files inside its zoo: escapes by '..', by absolute paths and by links are refused. */
class ZooConfinementTest {
    @TempDir
    Path dir;

    @Test
    void refusesAnEntryThatClimbsOutOfItsZoo() throws IOException {
        Files.writeString(dir.resolve("outside.onnx"), "model bytes");
        Path zoo = dir.resolve("zoo");
        HostileModels.writeIndexEntry(zoo, "escaper", "../outside.onnx");
        IOException e = assertThrows(IOException.class, () -> ModelZoo.local(zoo));
        assertEquals(zoo.resolve(ModelZoo.INDEX) + ": entry 'escaper' names the file '../outside.onnx', which climbs "
                + "out of the zoo with '..'; an index may only name files inside its zoo", e.getMessage());
    }

    @Test
    void refusesAnAbsolutePath() throws IOException {
        Files.writeString(dir.resolve("hostname"), "machine");
        Path zoo = dir.resolve("zoo");
        HostileModels.writeIndexEntry(zoo, "host", dir.resolve("hostname").toString());
        IOException e = assertThrows(IOException.class, () -> ModelZoo.local(zoo));
        assertTrue(e.getMessage().startsWith(zoo.resolve(ModelZoo.INDEX) + ": entry 'host' names the file '"
                + dir.resolve("hostname") + "', which is an absolute path"), e.getMessage());
    }

    @Test
    void refusesALinkLeadingOutOfTheZoo() throws IOException {
        Files.writeString(dir.resolve("outside.onnx"), "model bytes");
        Path zoo = Files.createDirectories(dir.resolve("zoo"));
        Files.createSymbolicLink(zoo.resolve("linked.onnx"), dir.resolve("outside.onnx"));
        HostileModels.writeIndexEntry(zoo, "linked", "linked.onnx");
        IOException e = assertThrows(IOException.class, () -> ModelZoo.local(zoo));
        assertTrue(e.getMessage().contains("names the file 'linked.onnx', which leads through a link to "
                + dir.resolve("outside.onnx").toRealPath() + ", outside the zoo"), e.getMessage());
    }

    @Test
    void acceptsFilesInSubfoldersAndLinksThatStayInside() throws IOException {
        Path zoo = Files.createDirectories(dir.resolve("zoo").resolve("models"));
        Files.writeString(zoo.resolve("m.onnx"), "model bytes");
        Files.createSymbolicLink(dir.resolve("zoo").resolve("linked.onnx"), zoo.resolve("m.onnx"));
        HostileModels.writeIndexEntry(dir.resolve("zoo"), "sub", "models/m.onnx");
        assertEquals("models/m.onnx", ModelZoo.local(dir.resolve("zoo")).entry("sub").orElseThrow().model());
        HostileModels.writeIndexEntry(dir.resolve("zoo"), "linked", "linked.onnx");
        assertEquals(List.of(), ModelZoo.local(dir.resolve("zoo")).verify());
    }

    @Test
    void addRefusesANameOutsideTheZooBeforeReadingIt() throws IOException {
        Files.writeString(dir.resolve("outside.onnx"), "model bytes");
        Path zoo = Files.createDirectories(dir.resolve("zoo"));
        IOException e = assertThrows(IOException.class, () -> ModelZoo.local(zoo).add("m", ZooEntry.GENERATOR,
                "../outside.onnx", "", List.of("../outside.onnx"), false));
        assertTrue(e.getMessage().contains("climbs out of the zoo"), e.getMessage());
        assertTrue(Files.notExists(zoo.resolve(ModelZoo.INDEX)));
    }

    @Test
    void judgesClasspathNamesByTheirText() {
        assertEquals(Optional.empty(), ZooFileNames.escape("fmnist-v2.onnx"));
        assertEquals(Optional.empty(), ZooFileNames.escape("cards/a..b.md"));
        assertEquals(Optional.of("climbs out of the zoo with '..'"), ZooFileNames.escape("a/../../b.onnx"));
        assertEquals(Optional.of("climbs out of the zoo with '..'"), ZooFileNames.escape("..\\b.onnx"));
        assertEquals(Optional.of("is an absolute path"), ZooFileNames.escape("/etc/hostname"));
        assertEquals(Optional.of("is an absolute path"), ZooFileNames.escape("C:\\model.onnx"));
        assertEquals(Optional.of("holds control characters"), ZooFileNames.escape("a\nb.onnx"));
        assertEquals(Optional.of("is empty"), ZooFileNames.escape(""));
    }
}
