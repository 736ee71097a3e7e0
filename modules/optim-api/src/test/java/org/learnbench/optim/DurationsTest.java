package org.learnbench.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Durations in words, never ISO-8601's "PT3S". */
class DurationsTest {
    @Test
    void readsAsPeopleWriteIt() {
        assertEquals("0 ms", Durations.format(0));
        assertEquals("850 ms", Durations.format(Duration.ofMillis(850)));
        assertEquals("3 s", Durations.format(Duration.ofSeconds(3)));
        assertEquals("2 min 5 s", Durations.format(Duration.ofSeconds(125)));
        assertEquals("10 min", Durations.format(Duration.ofMinutes(10)));
        assertEquals("1 h 4 min", Durations.format(Duration.ofMinutes(64)));
        assertEquals("2 h", Durations.format(Duration.ofHours(2)));
        assertEquals("0 ms", Durations.format(-5));
    }
}
