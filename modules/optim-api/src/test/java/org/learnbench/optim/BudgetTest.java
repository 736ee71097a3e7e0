package org.learnbench.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A budget's checks, and the share of it a run's clocks have used. */
class BudgetTest {
    private static Clocks clocks(long iterations, long forward, long backward, long evaluations, long wallNanos) {
        return new Clocks(iterations, forward, backward, evaluations, 0, 0, 0, wallNanos, 0, 0, 0);
    }

    @Test
    void refusesNegativeLimitsNamingThem() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new Budget(-1, 0, 0, 0, 0, null, Optional.empty()));
        assertTrue(e.getMessage().contains("iterations -1"), e.getMessage());
    }

    @Test
    void refusesABudgetWithoutAnyLimit() {
        assertThrows(IllegalArgumentException.class, () -> new Budget(0, 0, 0, 0, 0, null, Optional.empty()));
    }

    @Test
    void refusesAZeroOrNegativeWallTime() {
        assertThrows(IllegalArgumentException.class, () -> new Budget(0, 0, 0, Duration.ZERO, Optional.empty()));
        assertThrows(
                IllegalArgumentException.class, () -> new Budget(0, 0, 0, Duration.ofSeconds(-1), Optional.empty()));
    }

    @Test
    void aNullTargetMeansNone() {
        assertEquals(Optional.empty(), new Budget(1, 0, 0, 0, 0, null, null).target());
    }

    @Test
    void theShareUsedIsTheLargestOverTheLimitedClocks() {
        Budget b = new Budget(10, 1000, 0, Duration.ofSeconds(100), Optional.empty());
        // 2 of 10 iterations, 600 of 1000 sample-forward-passes (200 forward + 2 x 200 backward), 10 of 100 s.
        assertEquals(0.6, b.fractionUsed(clocks(2, 200, 200, 0, 10_000_000_000L)), 1e-12);
        assertEquals(0.0, b.fractionUsed(clocks(0, 0, 0, 0, 0)), 0);
        assertEquals(1.0, b.fractionUsed(clocks(20, 0, 0, 0, 0)), 0);
    }

    @Test
    void clocksWithoutALimitDoNotCount() {
        Budget b = Budget.iterations(4);
        assertEquals(0.25, b.fractionUsed(clocks(1, 1_000_000, 0, 999, 999_000_000_000L)), 1e-12);
    }
}
