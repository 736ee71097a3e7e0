package org.learnbench.tasks.trading;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TradingMetricsTest {
    @Test
    void cumulativeReturnCompounds() {
        // 1 x 1.1 x 0.8 x 1.05 = 0.924
        assertEquals(-0.076, TradingMetrics.cumulativeReturn(new double[] {0.1, -0.2, 0.05}), 1e-15);
        assertEquals(0, TradingMetrics.cumulativeReturn(new double[0]));
    }

    @Test
    void maxDrawdownIsTheLargestFallFromAPeak() {
        // Wealth 1.1, 0.88, 0.924: the fall from 1.1 to 0.88 is 20%.
        assertEquals(0.2, TradingMetrics.maxDrawdown(new double[] {0.1, -0.2, 0.05}), 1e-15);
        // Wealth 0.9, 0.45, 0.9, 0.45 x ... : from the starting 1, the low of 0.45 is a 55% fall.
        assertEquals(0.55, TradingMetrics.maxDrawdown(new double[] {-0.1, -0.5, 1.0}), 1e-15);
        assertEquals(0, TradingMetrics.maxDrawdown(new double[] {0.01, 0.02}));
    }

    @Test
    void sharpeIsAnnualisedMeanOverSampleSd() {
        // Mean 0.005; squared deviations 2.5e-5 + 2.25e-4 + 2.25e-4 + 2.5e-5 = 5e-4 over n - 1 = 3.
        double expected = Math.sqrt(252) * 0.005 / Math.sqrt(5e-4 / 3);
        assertEquals(expected, TradingMetrics.sharpe(new double[] {0.01, -0.01, 0.02, 0}), 1e-12);
        assertEquals(6.1481704595757584, expected, 1e-12);
        assertEquals(0, TradingMetrics.sharpe(new double[] {0, 0, 0}), "always flat: 0, not NaN");
        assertEquals(0, TradingMetrics.sharpe(new double[] {0.01}));
    }

    @Test
    void buyAndHoldPaysTheEntryCostOnce() {
        assertArrayEquals(
                new double[] {0.0095, 0.02, -0.01},
                TradingMetrics.buyAndHold(new double[] {0.01, 0.02, -0.01}, 0.0005),
                1e-15);
    }
}
