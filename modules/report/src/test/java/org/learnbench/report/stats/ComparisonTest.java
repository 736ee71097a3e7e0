package org.learnbench.report.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ComparisonTest {
    @Test
    void invalidProbabilitiesAreRejectedNamingTheAlgorithmsAndTheValue() {
        var p = assertThrows(
                IllegalArgumentException.class, () -> new Comparison("ga", "cmaes", "t", 1, 1.5, Double.NaN, 0.5, 5));
        assertTrue(p.getMessage().contains("ga vs cmaes") && p.getMessage().contains("1.5"), p.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Comparison("ga", "cmaes", "t", 1, 0.2, 0.1, 0.5, 5));
        assertThrows(IllegalArgumentException.class, () -> new Comparison("ga", "cmaes", "t", 1, 0.2, 0.3, 1.5, 5));
        assertThrows(IllegalArgumentException.class, () -> new Comparison("", "cmaes", "t", 1, 0.2, 0.3, 0.5, 5));
        assertThrows(IllegalArgumentException.class, () -> new Comparison("ga", "cmaes", "t", 1, 0.2, 0.3, 0.5, 0));
    }

    @Test
    void withAdjustedPValueKeepsEverythingElse() {
        var raw = new Comparison("ga", "cmaes", "t", 1, 0.2, Double.NaN, 0.5, 5);
        var adjusted = raw.withAdjustedPValue(0.4);
        assertEquals(new Comparison("ga", "cmaes", "t", 1, 0.2, 0.4, 0.5, 5), adjusted);
        assertTrue(adjusted.isAdjusted());
    }
}
