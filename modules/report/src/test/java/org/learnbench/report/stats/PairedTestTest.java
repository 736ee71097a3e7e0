package org.learnbench.report.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.apache.commons.math3.stat.inference.WilcoxonSignedRankTest;
import org.junit.jupiter.api.Test;

/**
 * Reference values were computed independently in Python: scipy 1.17.1 {@code wilcoxon} and {@code
 * mannwhitneyu}, math.erfc for normal tails, and brute-force enumeration of all 2^n sign patterns.
 */
class PairedTestTest {
    @Test
    void wilcoxonOfTheWikipediaExampleDropsTheZeroAndUsesTheConditionalExactDistribution() {
        // Wikipedia, "Wilcoxon signed-rank test", worked example with 10 pairs: one zero difference and one
        // tie (two differences of 5). After dropping the zero, n = 9, W+ = 27, W- = 18 (W = 27 - 18 = 9).
        double[] x = {125, 115, 130, 140, 140, 115, 140, 125, 140, 135};
        double[] y = {110, 122, 125, 120, 140, 124, 123, 137, 135, 145};
        Comparison c = PairedTest.wilcoxon("x", x, "y", y);
        assertEquals(PairedTest.WILCOXON, c.test());
        assertEquals(27.0, c.statistic(), 0);
        assertEquals(10, c.n());
        // Enumerating the 512 sign patterns of the tied ranks {1.5, 1.5, 3, ..., 9}: 162 have W+ >= 27, so
        // p = 2 * 162 / 512. (scipy's method="exact" ignores the tie and gives 0.65234375.)
        assertEquals(2 * 162 / 512.0, c.pValue(), 1e-15);
        assertTrue(Double.isNaN(c.adjustedPValue()));
    }

    @Test
    void wilcoxonWithoutTiesMatchesScipyAndCommonsMathExactly() {
        double[] d = {1, -2, 3, -4, 5, 6, -7, 8, 9, 10};
        double[] zeros = new double[d.length];
        Comparison c = PairedTest.wilcoxon("x", d, "zero", zeros);
        assertEquals(42.0, c.statistic(), 0);
        // scipy.stats.wilcoxon(d, method="exact") -> 0.16015625; 82 of 1024 patterns have W+ >= 42.
        assertEquals(0.16015625, c.pValue(), 1e-15);
        assertEquals(new WilcoxonSignedRankTest().wilcoxonSignedRankTest(d, zeros, true), c.pValue(), 1e-15);
        // Swapping the samples mirrors W+ and keeps the two-sided p-value.
        Comparison swapped = PairedTest.wilcoxon("zero", zeros, "x", d);
        assertEquals(55 - 42.0, swapped.statistic(), 0);
        assertEquals(c.pValue(), swapped.pValue(), 0);
    }

    @Test
    void exactWilcoxonAgreesWithCommonsMathsEnumerationOnRandomUntiedSamples() {
        SplittableRandom random = new SplittableRandom(20260101);
        WilcoxonSignedRankTest commonsMath = new WilcoxonSignedRankTest();
        for (int n = 1; n <= 16; n++) {
            double[] x = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = random.nextDouble() + 0.2;
                y[i] = random.nextDouble();
            }
            double expected = Math.min(1, commonsMath.wilcoxonSignedRankTest(x, y, true));
            assertEquals(expected, PairedTest.wilcoxon("x", x, "y", y).pValue(), 1e-12, "n = " + n);
        }
    }

    @Test
    void wilcoxonOfMoreThanThirtyPairsUsesTheTieCorrectedNormalApproximation() {
        double[] x = {
            4, 3, 23, 14, 17, 18, 21, 0, 14, 4, 12, 27, 16, 2, 16, 3, 22, 28, 29, 18, 26, 11, 4, 15, 13, 19, 29, 8, 25,
            4, 10, 23, 7, 20, 13, 15, 28, 24, 25, 16
        };
        double[] y = {
            25, 25, 3, 5, 8, 14, 21, 12, 25, 9, 24, 15, 18, 6, 15, 20, 23, 22, 25, 3, 20, 12, 17, 7, 0, 2, 25, 23, 7,
            11, 6, 3, 22, 17, 1, 5, 14, 23, 25, 5
        };
        // Two zero differences leave n = 38 > 30. scipy.stats.wilcoxon(x, y, zero_method="wilcox",
        // method="asymptotic", correction=True) -> statistic min(W+, W-) = 307.5, p = 0.36441286136699735.
        Comparison c = PairedTest.wilcoxon("x", x, "y", y);
        assertEquals(433.5, c.statistic(), 0);
        assertEquals(38 * 39 / 2.0 - 307.5, c.statistic(), 0);
        assertEquals(0.36441286136699735, c.pValue(), 1e-12);
    }

    @Test
    void thirtyNonZeroDifferencesAreStillExactAndThirtyOneAreApproximated() {
        double[] d = new double[31];
        for (int i = 0; i < 31; i++) {
            // Signs from a fixed pattern; magnitudes 1..31 so there are no ties.
            d[i] = ((i * i % 7) % 2 == 0 ? 1 : -1) * (i + 1.0);
        }
        double[] thirty = java.util.Arrays.copyOf(d, 30);
        // scipy.stats.wilcoxon(d[:30], method="exact") -> statistic min(W+, W-) = 150, p = 0.09194962680339813.
        Comparison exact = PairedTest.wilcoxon("d", thirty, "0", new double[30]);
        assertEquals(315.0, exact.statistic(), 0);
        assertEquals(0.09194962680339813, exact.pValue(), 1e-12);
        // With d[30] = +31: scipy method="asymptotic", correction=True -> p = 0.056047884365297514.
        Comparison approximate = PairedTest.wilcoxon("d", d, "0", new double[31]);
        assertEquals(346.0, approximate.statistic(), 0);
        assertEquals(0.056047884365297514, approximate.pValue(), 1e-12);
    }

    @Test
    void nanInEitherSampleIsRejected() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> PairedTest.wilcoxon("a", new double[] {1, Double.NaN}, "b", new double[] {1, 2}));
        assertTrue(e.getMessage().contains("NaN at index 1"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> PairedTest.mannWhitney("a", new double[] {1}, "b", new double[] {Double.NaN}));
    }

    @Test
    void identicalPairedSamplesGivePOneInsteadOfAnError() {
        double[] x = {0.3, 0.1, 0.7, 0.7};
        Comparison c = PairedTest.wilcoxon("a", x, "b", x.clone());
        assertEquals(1.0, c.pValue(), 0);
        assertEquals(0.0, c.statistic(), 0);
        assertEquals(0.5, c.a12(), 0);
    }

    @Test
    void commonsMathAloneWouldCountZeroDifferencesAsNegativeWhichIsWhyTheyAreDropped() {
        // Documents the Commons Math 3.6.1 behaviour PairedTest avoids: zeros are ranked and counted in W-,
        // so the p-value depends on the order of the samples, and identical samples look significant.
        WilcoxonSignedRankTest commonsMath = new WilcoxonSignedRankTest();
        double[] d = {0, 1, 2, 3};
        double[] zeros = new double[4];
        assertNotEquals(
                commonsMath.wilcoxonSignedRankTest(d, zeros, true), commonsMath.wilcoxonSignedRankTest(zeros, d, true));
        assertEquals(2 / 16.0, commonsMath.wilcoxonSignedRankTest(zeros, zeros, true), 1e-15);
        // Without the zero: n = 3, W+ = 6 is the largest of 8 patterns, p = 2 / 8, either way round.
        assertEquals(0.25, PairedTest.wilcoxon("d", d, "0", zeros).pValue(), 1e-15);
        assertEquals(0.25, PairedTest.wilcoxon("0", zeros, "d", d).pValue(), 1e-15);
    }

    @Test
    void wilcoxonPValueNeverExceedsOneForABalancedSample() {
        // Commons Math 3.6.1 returns 1.125 here; W+ = W- = 5 sits at the centre of the distribution.
        double[] d = {1, -1, 2, -2};
        Comparison c = PairedTest.wilcoxon("d", d, "0", new double[4]);
        assertEquals(5.0, c.statistic(), 0);
        assertEquals(1.0, c.pValue(), 0);
    }

    @Test
    void pairedSamplesOfDifferentLengthsAreRejectedWithBothLengths() {
        var e = assertThrows(
                IllegalArgumentException.class, () -> PairedTest.wilcoxon("a", new double[10], "b", new double[9]));
        assertEquals("paired samples need equal lengths, got 10 and 9", e.getMessage());
    }

    @Test
    void mannWhitneyMatchesAHandComputedUAndTheNormalApproximation() {
        double[] x = {19, 22, 16, 29, 24};
        double[] y = {20, 11, 17, 12};
        // Pairs with x larger: 3 + 4 + 2 + 4 + 4 = 17 of 20. z = (17 - 10) / sqrt(20 * 10 / 12);
        // p = erfc(|z| / sqrt 2) = 0.08641073297370007, as scipy mannwhitneyu(use_continuity=False,
        // method="asymptotic").
        Comparison c = PairedTest.mannWhitney("x", x, "y", y);
        assertEquals(PairedTest.MANN_WHITNEY, c.test());
        assertEquals(17.0, c.statistic(), 0);
        assertEquals(0.85, c.a12(), 1e-15);
        assertEquals(9, c.n());
        assertEquals(0.08641073297370007, c.pValue(), 1e-12);
    }

    @Test
    void mannWhitneyWithTiesUsesAverageRanksButNoTieCorrectedVariance() {
        double[] x = {1, 2, 2, 3};
        double[] y = {2, 3, 3, 4, 5};
        // U of x = 0 + 0.5 + 0.5 + 2 = 3; z = (3 - 10) / sqrt(20 * 10 / 12) with the untied variance gives
        // 0.08641073297370007. scipy, which corrects the variance for ties, gives 0.07592696298255763.
        Comparison c = PairedTest.mannWhitney("x", x, "y", y);
        assertEquals(3.0, c.statistic(), 0);
        assertEquals(0.08641073297370007, c.pValue(), 1e-12);
        assertEquals(
                1.0,
                PairedTest.mannWhitney("a", new double[] {1, 1}, "b", new double[] {1, 1, 1})
                        .pValue());
    }
}
