package dev.fpa.runtime.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fpa.runtime.testing.Unreadable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {
    @TempDir
    Path dir;

    @Test
    void listsImagesBelowTheFolderInPathOrderAndNothingElse() throws IOException {
        Path root = Files.createDirectories(dir.resolve("set/b"));
        for (String name : new String[] {"b/2.JPG", "1.png", "b/1.jpeg", "notes.txt", "b/x.gif"}) {
            Files.write(dir.resolve("set").resolve(name), new byte[] {1});
        }
        Files.createDirectories(dir.resolve("set/folder.png"));
        ImageFolder folder = ImageFolder.scan(root.getParent());
        assertEquals(List.of(dir.resolve("set/1.png"), dir.resolve("set/b/1.jpeg"), dir.resolve("set/b/2.JPG")),
                folder.images());
        assertEquals(List.of(), folder.skipped());
        assertEquals(dir.resolve("nope") + ": not a folder",
                assertThrows(IOException.class, () -> ImageFolder.scan(dir.resolve("nope"))).getMessage());
    }

    @Test
    void aSubFolderThatCannotBeListedIsPassedOverAndNamed() throws IOException {
        Path root = Files.createDirectories(dir.resolve("set"));
        Files.write(root.resolve("a.png"), new byte[] {1});
        Path locked = Files.createDirectories(root.resolve("locked"));
        Files.write(locked.resolve("hidden.png"), new byte[] {1});
        Unreadable.during(() -> {
            ImageFolder folder = ImageFolder.scan(root);
            assertEquals(List.of(root.resolve("a.png")), folder.images());
            assertEquals(List.of(new SkippedFile(locked.toString(), "cannot be listed (permission denied)")),
                    folder.skipped());
        }, locked);
        Unreadable.during(() -> assertEquals(root + ": cannot be listed (permission denied)",
                assertThrows(IOException.class, () -> ImageFolder.scan(root)).getMessage()), root);
    }

    @Test
    void aFileThatCannotBeReadIsOneLineNamingIt() throws IOException {
        Path file = Files.write(dir.resolve("secret.png"), new byte[] {1});
        Unreadable.during(() -> assertEquals(file + ": permission denied",
                assertThrows(IOException.class, () -> ImageDecoder.read(file)).getMessage()), file);
    }
}
