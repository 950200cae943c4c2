package dev.fpa.trainer.export;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fpa.runtime.array.NdArray;
import dev.fpa.runtime.array.Npz;
import dev.fpa.runtime.io.Sha256;
import dev.fpa.runtime.testing.TestData;
import dev.fpa.trainer.imports.OfficialImporter;
import dev.fpa.trainer.checkpoint.Checkpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A public fixture set read in place: its official model_0.pt imported as fpa does it (with the manifest's
 * trainer arguments and its slim attention sizes) and its io.npz.
 */
record OfficialSet(String name, Checkpoint checkpoint, String sha256, Map<String, NdArray> io) {

    static OfficialSet load(String name) throws IOException {
        Path dir = TestData.official(name);
        JsonNode manifest = new ObjectMapper().readTree(dir.resolve("manifest.json").toFile());
        ObjectNode args = manifest.get("trainer_args").deepCopy();
        JsonNode d = manifest.get("discriminator");
        if (d != null) {
            args.set("attn_heads", d.get("attn_heads"));
        }
        Path official = dir.resolve("model_0.pt");
        Checkpoint checkpoint = OfficialImporter.convert(official, args).checkpoint();
        return new OfficialSet(name, checkpoint, Sha256.ofFile(official), Npz.read(dir.resolve("io.npz")));
    }

    NdArray array(String key) {
        NdArray a = io.get(key);
        assertNotNull(a, name + "/io.npz has no array " + key);
        return a;
    }
}
