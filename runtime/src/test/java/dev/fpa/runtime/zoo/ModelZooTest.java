package dev.fpa.runtime.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder zoo: adding entries, checksums that catch a changed byte, the default model, and the card renderer. */
class ModelZooTest {
    @TempDir
    Path dir;

    @Test
    void addsVerifiesAndCatchesTampering() throws IOException {
        Files.writeString(dir.resolve("a.onnx"), "model bytes");
        Files.writeString(dir.resolve("a.md"), "# a");
        ModelZoo zoo = ModelZoo.local(dir).add("a", ZooEntry.GENERATOR, "a.onnx", "first", List.of("a.onnx", "a.md"),
                true);
        zoo = ModelZoo.local(dir).add("b", ZooEntry.FEATURES, "a.onnx", "second", List.of("a.onnx"), false);
        assertEquals(List.of("a", "b"), zoo.entries().stream().map(ZooEntry::name).toList());
        ModelZoo reread = ModelZoo.local(dir);
        assertEquals("a", reread.defaultGenerator().orElseThrow(), "adding b kept the default");
        assertEquals(List.of(), reread.verify());
        assertEquals(dir.resolve("a.onnx").toUri().toURL(), reread.file("a.onnx"));

        Files.writeString(dir.resolve("a.md"), "# A");
        List<String> problems = reread.verify();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("a: a.md has SHA-256"), problems.get(0));
        Files.delete(dir.resolve("a.onnx"));
        assertEquals(3, reread.verify().size(), "a.md changed, and a.onnx (listed twice) is gone");
    }

    @Test
    void refusesAnIndexOfAnotherFormat() throws IOException {
        Files.writeString(dir.resolve(ModelZoo.INDEX), "{\"format\": \"something-else\"}");
        IOException e = assertThrows(IOException.class, () -> ModelZoo.local(dir));
        assertTrue(e.getMessage().contains("not an fpa zoo index"), e.getMessage());
        assertTrue(ModelZoo.local(dir.resolve("empty")).entries().isEmpty());
    }

    @Test
    void rendersACardFromItsJson() throws IOException {
        String md = ModelCard.markdown(new ObjectMapper().readTree("""
                {"name": "m", "summary": "one line", "architecture": {"model_type": "lstm_delta", "steps": 16},
                 "limitations": "small | grey"}""".getBytes(StandardCharsets.UTF_8)));
        assertEquals("""
                # m

                one line

                ## Architecture

                | field | value |
                |---|---|
                | model_type | lstm_delta |
                | steps | 16 |

                ## Limitations

                small | grey

                """, md);
    }
}
