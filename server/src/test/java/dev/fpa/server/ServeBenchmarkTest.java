package dev.fpa.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fpa.server.bench.ServeBenchmark;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code fpa bench serve}'s load test against a real server process: every request of both encodings is answered
 * with 200, and the figures it reports come from those answers.
 */
class ServeBenchmarkTest {

    @Test
    void clientsOfBothEncodingsGetAnswersAndTheFiguresAddUp() throws Exception {
        for (boolean binary : List.of(false, true)) {
            List<String> progress = new ArrayList<>();
            ServeBenchmark.Result r = ServeBenchmark.run(new ServeBenchmark.Options(List.of("--model",
                    "zoo:fmnist-v2"), "fmnist-v2", List.of(1, 4), 1.0, binary), progress::add);
            assertEquals(2, r.loads().size());
            for (ServeBenchmark.Load load : r.loads()) {
                assertEquals(Map.of(), load.errors(), "binary " + binary);
                assertTrue(load.requests() > load.clients(), load.requests() + " requests in " + load.seconds()
                        + " s");
                assertEquals(load.requests(), load.latencyMillis().values().length);
                assertTrue(load.latencyMillis().median() > 0);
            }
            assertTrue(r.startSeconds() > 0 && r.peakResidentMb() >= r.idleResidentMb(), r.toString());
            assertEquals(2, progress.size(), progress.toString());
        }
    }
}
