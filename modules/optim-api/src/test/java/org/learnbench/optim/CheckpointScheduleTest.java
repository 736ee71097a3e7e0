package org.learnbench.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When checkpoints fall: every k iterations, log-spaced on iterations, log-spaced on another clock. */
class CheckpointScheduleTest {
    private static Clocks evaluations(long iterations, long evaluations) {
        return new Clocks(iterations, 0, 0, evaluations, 0, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void everyKIterations() {
        CheckpointSchedule s = CheckpointSchedule.every(5);
        assertTrue(s.isCheckpoint(0) && s.isCheckpoint(5) && s.isCheckpoint(10));
        assertFalse(s.isCheckpoint(4) || s.isCheckpoint(6));
        assertTrue(s.due(evaluations(4, 0), evaluations(5, 0)));
    }

    @Test
    void logSpacedIncludesTheFirstAndTheLastIterationAndIsDenseEarly() {
        CheckpointSchedule s = CheckpointSchedule.logSpaced(5, 10_000);
        List<Long> at = new ArrayList<>();
        for (long i = 0; i <= 10_000; i++) {
            if (s.isCheckpoint(i)) {
                at.add(i);
            }
        }
        assertEquals(List.of(1L, 10L, 100L, 1000L, 10_000L), at);
    }

    @Test
    void logSpacedOnAClockIsDueOnceWhenAnIterationCrossesAThreshold() {
        CheckpointSchedule s = CheckpointSchedule.logSpacedOn(Clocks::evaluations, 3, 100);
        // Thresholds 1, 10, 100: an iteration from 0 to 50 evaluations crosses 1 and 10, one checkpoint.
        assertTrue(s.due(evaluations(0, 0), evaluations(1, 50)));
        assertFalse(s.due(evaluations(1, 50), evaluations(2, 99)));
        assertTrue(s.due(evaluations(2, 99), evaluations(3, 100)));
        assertFalse(s.due(evaluations(3, 100), evaluations(4, 1000)));
    }

    @Test
    void refusesImpossibleSchedulesWithTheValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CheckpointSchedule.every(0));
        assertTrue(e.getMessage().contains("got 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CheckpointSchedule.logSpaced(0, 10));
        assertThrows(IllegalArgumentException.class, () -> CheckpointSchedule.logSpacedOn(Clocks::evaluations, 3, 0));
    }
}
