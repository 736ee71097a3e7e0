package org.learnbench.report.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FriedmanTest {
    /**
     * Hollander and Wolfe (1973), p. 140: times of 22 baseball players rounding first base by three methods,
     * the example of R's {@code ?friedman.test}, which reports "Friedman chi-squared = 11.143, df = 2, p-value =
     * 0.003805". Rows contain ties.
     */
    private static final double[][] ROUNDING_TIMES = {
        {5.40, 5.50, 5.55}, {5.85, 5.70, 5.75}, {5.20, 5.60, 5.50}, {5.55, 5.50, 5.40}, {5.90, 5.85, 5.70},
        {5.45, 5.55, 5.60}, {5.40, 5.40, 5.35}, {5.45, 5.50, 5.35}, {5.25, 5.15, 5.00}, {5.85, 5.80, 5.70},
        {5.25, 5.20, 5.10}, {5.65, 5.55, 5.45}, {5.60, 5.35, 5.45}, {5.05, 5.00, 4.95}, {5.50, 5.50, 5.40},
        {5.45, 5.55, 5.50}, {5.55, 5.55, 5.35}, {5.45, 5.50, 5.55}, {5.50, 5.45, 5.25}, {5.65, 5.60, 5.40},
        {5.70, 5.65, 5.55}, {6.30, 6.30, 6.25}
    };

    @Test
    void reproducesRsFriedmanTestOnTheRoundingTimesExample() {
        Friedman.FriedmanResult result = Friedman.test(ROUNDING_TIMES, false);
        // scipy.stats.friedmanchisquare gives 11.142857142857132 and 0.003805040775511383.
        assertEquals(11.142857142857, result.statistic(), 1e-9);
        assertEquals(0.003805040775511383, result.pValue(), 1e-9);
        assertEquals(22, result.blocks());
        assertEquals(3, result.treatments());
        // Rank sums 53, 47, 32 over 22 blocks, rank 1 = shortest time.
        assertArrayEquals(new double[] {53 / 22.0, 47 / 22.0, 32 / 22.0}, result.averageRanks(), 1e-12);
    }

    @Test
    void tiedValuesShareTheirAverageRankAndCorrectTheStatistic() {
        double[][] values = {{1, 2, 2}, {3, 1, 2}, {0.5, 0.5, 0.5}, {4, 6, 5}};
        Friedman.FriedmanResult result = Friedman.test(values, true);
        // Ranks, largest first: (3, 1.5, 1.5), (1, 3, 2), (2, 2, 2), (3, 1, 2) -> sums 9, 7.5, 7.5.
        assertArrayEquals(new double[] {2.25, 1.875, 1.875}, result.averageRanks(), 1e-15);
        // Uncorrected 12 / 48 * 193.5 - 48 = 0.375; ties 6 + 24 = 30 give C = 1 - 30 / 96 = 0.6875;
        // Q = 0.5454..., p = exp(-Q / 2) for 2 degrees of freedom (scipy: 0.7613003866968737).
        assertEquals(0.375 / 0.6875, result.statistic(), 1e-12);
        assertEquals(Math.exp(-0.375 / 0.6875 / 2), result.pValue(), 1e-9);
    }

    @Test
    void higherIsBetterReversesTheRanks() {
        double[][] values = {{0.9, 0.5, 0.7}, {0.8, 0.4, 0.6}};
        assertArrayEquals(new double[] {1, 3, 2}, Friedman.test(values, true).averageRanks(), 0);
        assertArrayEquals(new double[] {3, 1, 2}, Friedman.test(values, false).averageRanks(), 0);
    }

    @Test
    void blocksThatAreEntirelyTiedGiveStatisticZeroAndPOne() {
        Friedman.FriedmanResult result = Friedman.test(new double[][] {{1, 1, 1}, {2, 2, 2}}, true);
        assertEquals(0, result.statistic(), 0);
        assertEquals(1, result.pValue(), 0);
        assertArrayEquals(new double[] {2, 2, 2}, result.averageRanks(), 0);
    }

    @Test
    void imanDavenportMatchesDemsarsPublishedValue() {
        // Demšar (2006), section 3.2.2: N = 14 data sets, k = 4 algorithms, chi-square 9.28 gives F_F = 3.69.
        var result = new Friedman.FriedmanResult(new double[] {3.143, 2.000, 2.893, 1.964}, 9.28, 0.026, 14, 4);
        assertEquals(3.69, result.imanDavenportStatistic(), 0.005);
        // F(3, 39) critical value at 0.05 is 2.85 per Demšar, so 3.69 rejects.
        assertTrue(result.imanDavenportPValue() < 0.05);
        // scipy.stats.f.sf(13 * 9.28 / (42 - 9.28), 3, 39) = 0.019807388620478095.
        assertEquals(0.019807388620478095, result.imanDavenportPValue(), 1e-8);
    }

    @Test
    void raggedOrTooSmallMatricesAreRejected() {
        var ragged = assertThrows(
                IllegalArgumentException.class, () -> Friedman.test(new double[][] {{1, 2, 3}, {1, 2}}, true));
        assertTrue(ragged.getMessage().contains("block 1 has 2"), ragged.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Friedman.test(new double[][] {{1, 2}}, true));
        assertThrows(IllegalArgumentException.class, () -> Friedman.test(new double[][] {{1}, {2}}, true));
    }

    @Test
    void resultCopiesItsRanks() {
        double[] ranks = {1, 2};
        var result = new Friedman.FriedmanResult(ranks, 2, 0.15, 2, 2);
        ranks[0] = 9;
        result.averageRanks()[1] = 9;
        assertArrayEquals(new double[] {1, 2}, result.averageRanks(), 0);
    }
}
