package dev.fpa.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The official EMA schedule (resets at 2, 1002, …, 24002; updates every 10 steps after 20000) and a card's words. */
class EmaScheduleTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EmaSchedule OFFICIAL = new EmaSchedule(TrainingConfig.defaults());
    /** The issue-18 runs: 10,000 steps, the average from step 4000, resets until 4500. */
    private static final EmaSchedule SHORT = new EmaSchedule(TrainingConfig.fromTrainerArgs(JSON.createObjectNode()
            .put("ema_start", 4000).put("ema_reset_until", 4500), new ArrayList<>()));

    @Test
    void resetsAndUpdatesFallWhereTheOfficialCodePutsThem() {
        assertEquals(List.of(2L, 1002L, 24002L), LongStream.of(2, 1002, 24002, 25002, 1000, 1003)
                .filter(OFFICIAL::resetsAt).boxed().toList());
        assertEquals(20010L, LongStream.range(0, 30_000).filter(OFFICIAL::updatesAt).findFirst().orElseThrow());
    }

    @Test
    void aCardSaysWhenTheEmaGeneratorIsACopyOfG() {
        assertEquals("GE, a copy of G as it was at step 1003 (the last reset to G); the average starts after step "
                + "20000", OFFICIAL.describeAfter(2000));
        assertEquals("GE, a copy of G as it was at step 2003 (the last reset to G); the average starts after step "
                + "4000", SHORT.describeAfter(3000));
        assertEquals("GE, the exponential moving average of G (decay 0.995 every 10 steps) since step 4003 (the last "
                + "reset to G)", SHORT.describeAfter(10_000));
        assertEquals("GE, a copy of G as it was at the start; the average starts after step 20000",
                OFFICIAL.describeAfter(2));
    }
}
