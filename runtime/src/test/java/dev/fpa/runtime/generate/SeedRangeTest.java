package dev.fpa.runtime.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Seed ranges: parsing, slicing at the end, and the last seed that still fits a long. */
class SeedRangeTest {
    @Test
    void parsesRangesAndSingleSeeds() {
        assertEquals(new SeedRange(0, 64), SeedRange.parse("0-63"));
        assertEquals(new SeedRange(7, 1), SeedRange.parse(" 7 "));
        for (String bad : new String[] {"-3", "5-2", "a-b", "1-", "", "0-9223372036854775807"}) {
            assertThrows(IllegalArgumentException.class, () -> SeedRange.parse(bad), bad);
        }
    }

    @Test
    void slicesStopAtTheEnd() {
        SeedRange r = new SeedRange(10, 5);
        assertArrayEquals(new long[] {10, 11, 12}, r.slice(0, 3));
        assertArrayEquals(new long[] {13, 14}, r.slice(3, 3));
        assertArrayEquals(new long[0], r.slice(5, 3));
    }

    @Test
    void theLastSeedMustFitALong() {
        assertArrayEquals(new long[] {Long.MAX_VALUE}, new SeedRange(Long.MAX_VALUE, 1).slice(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new SeedRange(Long.MAX_VALUE, 2));
        assertThrows(IllegalArgumentException.class, () -> new SeedRange(0, -1));
    }
}
