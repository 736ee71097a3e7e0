package org.learnbench.tasks.series;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ForecastMetricsTest {
    @Test
    void directionScoresOneForAgreementZeroForOppositeAndHalfForExactlyOneZero() {
        double[] predicted = {0.5, -1, 2, 0, 0, 3};
        double[] actual = {1, -0.1, -2, 4, 0, 0};
        // 1 + 1 + 0 + 0.5 + 1 + 0.5 = 4 of 6
        assertEquals(4.0 / 6, ForecastMetrics.directionalAccuracy(predicted, actual), 1e-15);
    }

    @Test
    void directionIsNanForNoValuesOrANanValue() {
        assertTrue(Double.isNaN(ForecastMetrics.directionalAccuracy(new double[0], new double[0])));
        assertTrue(
                Double.isNaN(ForecastMetrics.directionalAccuracy(new double[] {1, Double.NaN}, new double[] {1, 1})));
        assertThrows(
                IllegalArgumentException.class,
                () -> ForecastMetrics.directionalAccuracy(new double[1], new double[2]));
    }

    @Test
    void rmseAndMaeByHand() {
        double[] predicted = {1, 2, 3};
        double[] actual = {2, 2, 0};
        assertEquals(Math.sqrt(10.0 / 3), ForecastMetrics.rmse(predicted, actual), 1e-15);
        assertEquals(4.0 / 3, ForecastMetrics.mae(predicted, actual), 1e-15);
    }

    @Test
    void leastSquaresSolvesAHandSolvedLine() {
        // y = a + b x through (0, 1), (1, 3), (2, 5), (3, 7.5): x mean 1.5, y mean 4.125, Sxy = 10.75, Sxx = 5,
        // so b = 2.15 and a = 4.125 - 2.15 x 1.5 = 0.9.
        double[] beta = Baselines.fitLinear(new double[][] {{0}, {1}, {2}, {3}}, new double[] {1, 3, 5, 7.5});
        assertEquals(0.9, beta[0], 1e-12);
        assertEquals(2.15, beta[1], 1e-12);
        assertEquals(0.9 + 2.15 * 10, Baselines.predictLinear(beta, new double[][] {{10}})[0], 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Baselines.fitLinear(new double[][] {{0}}, new double[] {1}));
    }
}
