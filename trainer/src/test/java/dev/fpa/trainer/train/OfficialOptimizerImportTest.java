package dev.fpa.trainer.train;

import dev.fpa.trainer.checkpoint.Checkpoint;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fpa.runtime.array.NdArray;
import dev.fpa.runtime.testing.TestData;
import dev.fpa.trainer.imports.OfficialImporter;
import dev.fpa.trainer.model.FixtureSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An official checkpoint's Adam states come in under parameter names: after the official first step (model_1.pt of
 * train_step_v2_grey32), every state has step 1, exp_avg = (1 − β1)·g and exp_avg_sq = (1 − β2)·g².
 */
class OfficialOptimizerImportTest {
    @Test
    void adamStatesAfterTheFirstOfficialStep() throws IOException {
        FixtureSet fixture = FixtureSet.load("train_step_v2_grey32");
        Path file = TestData.official("train_step_v2_grey32").resolve("model_1.pt");
        ObjectNode args = fixture.manifest().get("trainer_args").deepCopy();
        args.setAll(fixture.config().toJson());
        Checkpoint checkpoint = OfficialImporter.convert(file, args).checkpoint();
        ParityReport report = new ParityReport("model_1.pt optimizer states");
        for (String model : new String[] {"G", "D"}) {
            Map<String, NdArray> state = checkpoint.section(model + "_opt");
            fixture.manifest().get(model + "_param_names").forEach(entry -> {
                String name = entry.get(0).asText();
                float[] g = fixture.expected("grad." + model + "." + name).toFloatArray();
                float[] avg = new float[g.length];
                float[] avgSq = new float[g.length];
                for (int i = 0; i < g.length; i++) {
                    avg[i] = 0.5f * g[i];
                    avgSq[i] = 0.1f * g[i] * g[i];
                }
                assertEquals(1, state.get("step/" + name).toLongArray()[0], name);
                report.compare(model + " exp_avg/" + name, avg, state.get("exp_avg/" + name), 1e-9, 1e-6);
                report.compare(model + " exp_avg_sq/" + name, avgSq, state.get("exp_avg_sq/" + name), 1e-12, 1e-6);
            });
        }
        report.assertAllWithin();
    }
}
