package org.learnbench.report.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HolmTest {
    @Test
    void adjustsAHandWorkedFamilyAndKeepsTheInputOrder() {
        // Sorted: 0.005 * 4 = 0.02, 0.01 * 3 = 0.03, 0.03 * 2 = 0.06, 0.04 * 1 = 0.04 -> max so far 0.06.
        double[] adjusted = Holm.adjust(new double[] {0.01, 0.04, 0.03, 0.005});
        assertArrayEquals(new double[] {0.03, 0.06, 0.06, 0.02}, adjusted, 1e-15);
    }

    @Test
    void adjustedValuesFollowTheOrderOfTheRawOnesAndAreCappedAtOne() {
        double[] raw = {0.2, 0.5, 0.01, 0.3, 0.04};
        double[] adjusted = Holm.adjust(raw);
        // Sorted 0.01*5 = .05, .04*4 = .16, .2*3 = .6, .3*2 = .6, .5*1 = .5 -> .05, .16, .6, .6, .6.
        assertArrayEquals(new double[] {0.6, 0.6, 0.05, 0.6, 0.16}, adjusted, 1e-15);
        for (int i = 0; i < raw.length; i++) {
            assertTrue(adjusted[i] >= raw[i]);
            for (int j = 0; j < raw.length; j++) {
                if (raw[i] <= raw[j]) {
                    assertTrue(adjusted[i] <= adjusted[j]);
                }
            }
        }
        assertArrayEquals(new double[] {1, 1, 1}, Holm.adjust(new double[] {0.4, 0.9, 0.5}), 0);
    }

    @Test
    void anEmptyFamilyAndASingleComparisonNeedNoAdjustment() {
        assertEquals(0, Holm.adjust(new double[0]).length);
        assertArrayEquals(new double[] {0.03}, Holm.adjust(new double[] {0.03}), 0);
    }

    @Test
    void comparisonsComeBackInOrderWithTheirAdjustedPValues() {
        List<Comparison> raw = List.of(
                new Comparison("ga", "backprop", "t", 1, 0.01, Double.NaN, 0.2, 10),
                new Comparison("ga", "cmaes", "t", 2, 0.04, Double.NaN, 0.3, 10),
                new Comparison("cmaes", "backprop", "t", 3, 0.03, Double.NaN, 0.4, 10),
                new Comparison("pg", "backprop", "t", 4, 0.005, Double.NaN, 0.5, 10));
        assertFalse(raw.get(0).isAdjusted());
        List<Comparison> adjusted = Holm.adjust(raw);
        assertArrayEquals(
                new double[] {0.03, 0.06, 0.06, 0.02},
                adjusted.stream().mapToDouble(Comparison::adjustedPValue).toArray(),
                1e-15);
        assertEquals("cmaes", adjusted.get(2).a());
        assertEquals(0.03, adjusted.get(2).pValue());
        assertTrue(adjusted.get(3).isAdjusted());
    }

    @Test
    void pValuesOutsideTheUnitIntervalAreRejectedByValueAndIndex() {
        var e = assertThrows(IllegalArgumentException.class, () -> Holm.adjust(new double[] {0.1, 1.2}));
        assertTrue(e.getMessage().contains("1.2") && e.getMessage().contains("index 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Holm.adjust(new double[] {Double.NaN}));
    }
}
