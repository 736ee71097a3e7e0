package org.learnbench.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class EquityChartTest {
    @Test
    void wealthCompoundsTheDailyNetReturnsFromOne() {
        assertArrayEquals(new double[] {1, 1.1, 0.55, 0.55}, EquityChart.wealth(new double[] {0.1, -0.5, 0}), 1e-15);
    }

    @Test
    void theTitleSaysHowTheDaysWereSpentAndBothWealthCurvesArePlotted() {
        var chart =
                EquityChart.build("run", new double[] {0.01, 0, -0.02, 0.03}, new int[] {1, 0, -1, 1}, new double[] {
                    0.01, 0.02, 0.02, -0.03
                });
        assertEquals("run: long 50%, flat 25%, short 25% of 4 days", chart.getTitle());
        assertEquals(5, chart.getSeriesMap().get("policy").getYData().length);
        assertEquals(
                1.01 * 1.02 * 1.02 * 0.97,
                chart.getSeriesMap().get("buy-and-hold").getYData()[4],
                1e-12);
    }

    @Test
    void daysAndPositionsMustMatch() {
        assertThrows(
                IllegalArgumentException.class,
                () -> EquityChart.build("run", new double[] {0.01}, new int[] {1, 0}, new double[] {0.01}));
    }
}
