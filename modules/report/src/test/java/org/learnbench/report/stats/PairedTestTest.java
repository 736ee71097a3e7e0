package org.learnbench.report.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
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
    void mannWhitneyOfSmallSamplesIsExactAndMatchesScipy() {
        // scipy 1.10.1 (Debian python3-scipy): scipy.stats.mannwhitneyu(x, y, alternative='two-sided',
        // method='exact'). None of these samples has ties.
        double[] x = {19, 22, 16, 29, 24};
        double[] y = {20, 11, 17, 12};
        // Pairs with x larger: 3 + 4 + 2 + 4 + 4 = 17 of 20; scipy -> statistic 17.0, p = 0.1111111111111111
        // (the normal approximation without continuity correction, which Commons Math gives, is 0.0864).
        Comparison c = PairedTest.mannWhitney("x", x, "y", y);
        assertEquals(PairedTest.MANN_WHITNEY, c.test());
        assertEquals(17.0, c.statistic(), 0);
        assertEquals(0.85, c.a12(), 1e-15);
        assertEquals(9, c.n());
        assertEquals(0.1111111111111111, c.pValue(), 1e-15);
        // Complete separation of 5 and 5: scipy -> 0.007936507936507936 = 2 / C(10, 5).
        double[] good = {0.985, 0.982, 0.987, 0.99, 0.984};
        double[] bad = {0.16, 0.2, 0.15, 0.18, 0.17};
        assertEquals(
                0.007936507936507936,
                PairedTest.mannWhitney("g", good, "b", bad).pValue(),
                1e-15);
        assertEquals(
                0.007936507936507936,
                PairedTest.mannWhitney("b", bad, "g", good).pValue(),
                1e-15);
        // 10 and 10 interleaved: scipy -> statistic 40.0, p = 0.48125094719521977.
        double[] x10 = {1.1, 2.3, 3.5, 4.2, 5.9, 6.1, 7.7, 8.4, 9.0, 10.6};
        double[] y10 = {2.0, 3.1, 4.4, 5.0, 6.6, 7.3, 8.8, 9.9, 11.2, 12.5};
        Comparison ten = PairedTest.mannWhitney("x", x10, "y", y10);
        assertEquals(40.0, ten.statistic(), 0);
        assertEquals(0.48125094719521977, ten.pValue(), 1e-14);
        // 7 and 8: scipy -> statistic 7.0, p = 0.013986013986013986.
        double[] x7 = {3.1, 4.2, 5.3, 1.4, 2.5, 6.6, 7.7};
        double[] y8 = {8.1, 9.2, 0.3, 10.4, 11.5, 12.6, 13.7, 14.8};
        Comparison unequal = PairedTest.mannWhitney("x", x7, "y", y8);
        assertEquals(7.0, unequal.statistic(), 0);
        assertEquals(0.013986013986013986, unequal.pValue(), 1e-15);
    }

    @Test
    void exactMannWhitneyWithTiesEqualsABruteForceEnumerationOfAllSplits() {
        SplittableRandom random = new SplittableRandom(13);
        for (int trial = 0; trial < 40; trial++) {
            int n1 = 1 + random.nextInt(7);
            int n2 = 1 + random.nextInt(7);
            double[] x = new double[n1];
            double[] y = new double[n2];
            // Few distinct values, so most samples have ties, some of them across the two samples.
            for (int i = 0; i < n1; i++) {
                x[i] = random.nextInt(5) * 0.5;
            }
            for (int i = 0; i < n2; i++) {
                y[i] = random.nextInt(5) * 0.5 + (trial % 3 == 0 ? 1 : 0);
            }
            double expected = bruteForceMannWhitneyP(x, y);
            Comparison c = PairedTest.mannWhitney("x", x, "y", y);
            assertEquals(expected, c.pValue(), 1e-12, "x = " + Arrays.toString(x) + ", y = " + Arrays.toString(y));
        }
        // A hand-checked case: x = {1, 2, 2}, y = {2, 3}; midranks 1, 3, 3 | 3, 5. Of the C(5, 3) = 10 ways to
        // choose x's three ranks from {1, 3, 3, 3, 5}, 3 sum to 7 (1 and two 3s), 4 to 9 and 3 to 11. The
        // observed sum 7 is the lowest: one tail is 3/10, so p = 0.6.
        assertEquals(
                0.6,
                PairedTest.mannWhitney("x", new double[] {1, 2, 2}, "y", new double[] {2, 3})
                        .pValue(),
                1e-15);
        // Negative zero ties with zero, as in scipy's ranking.
        assertEquals(
                PairedTest.mannWhitney("x", new double[] {0.0, 1}, "y", new double[] {0.0, 2})
                        .pValue(),
                PairedTest.mannWhitney("x", new double[] {-0.0, 1}, "y", new double[] {0.0, 2})
                        .pValue(),
                0);
    }

    @Test
    void mannWhitneyOfLargeSamplesIsTheTieAndContinuityCorrectedNormalApproximationAsScipy() {
        // scipy 1.10.1: scipy.stats.mannwhitneyu(x, y, alternative='two-sided', method='asymptotic',
        // use_continuity=True) -> statistic 334.0, p = 0.00010208705841961334 (75 values, many ties).
        double[] x = {
            0.0, 0.3, -0.3, -0.9, -0.5, -1.0, 0.1, 1.3, -0.5, -0.6, 0.5, 0.4, 0.1, -0.9, 0.0, 0.7, -1.3, -0.5, -1.9,
            -1.3, -1.8, -0.2, -1.3, 0.3, 0.2, -0.2, -2.5, -0.5, 0.0, 0.1, -1.5, -0.5, -1.0, -0.8, 1.1, -0.8, 0.0, 0.9,
            -0.6, -0.1
        };
        double[] y = {
            0.6, 0.6, -0.7, 0.6, 1.9, -1.0, 1.4, 0.6, -0.1, 2.5, 1.3, -0.7, 0.6, 1.1, 0.3, 1.2, 0.4, 1.2, 1.9, -0.2,
            0.7, 0.0, 0.6, -0.7, -0.1, 0.3, 1.4, 1.6, -0.8, -0.3, 1.1, -1.5, 0.0, 0.4, 1.8
        };
        Comparison c = PairedTest.mannWhitney("x", x, "y", y);
        assertEquals(334.0, c.statistic(), 0);
        assertEquals(0.00010208705841961334, c.pValue(), 1e-15);
        // 31 and 30 values without ties (61 > 60): scipy, same call -> max(U1, U2) = 579 of 930 (U of x = 351),
        // p = 0.10155134312666755.
        double[] odd = new double[31];
        for (int i = 0; i < 31; i++) {
            odd[i] = 1 + 2 * i;
        }
        double[] shifted = new double[30];
        for (int i = 0; i < 30; i++) {
            shifted[i] = 10.5 + 2 * i;
        }
        Comparison untied = PairedTest.mannWhitney("odd", odd, "shifted", shifted);
        assertEquals(351.0, untied.statistic(), 0);
        assertEquals(0.10155134312666755, untied.pValue(), 1e-13);
    }

    @Test
    void sixtyValuesAreStillExactAndTheExactTailIsTwoOverTheNumberOfSplits() {
        double[] low = new double[30];
        double[] high = new double[30];
        for (int i = 0; i < 30; i++) {
            low[i] = i;
            high[i] = 100 + i;
        }
        // Complete separation of 30 and 30: exactly 2 / C(60, 30) = 1.6911e-17, far below any normal tail.
        double expected = 2 / 1.1826458156486115e17;
        assertEquals(expected, PairedTest.mannWhitney("l", low, "h", high).pValue(), expected * 1e-12);
        assertEquals(60, PairedTest.EXACT_MANN_WHITNEY_MAX);
    }

    @Test
    void mannWhitneyOfEntirelyTiedSamplesIsOne() {
        assertEquals(
                1.0,
                PairedTest.mannWhitney("a", new double[] {1, 1}, "b", new double[] {1, 1, 1})
                        .pValue());
        double[] ones = new double[40];
        Arrays.fill(ones, 1);
        assertEquals(1.0, PairedTest.mannWhitney("a", ones, "b", ones).pValue());
    }

    @Test
    void wilcoxonOfFiveAndEightPairsMatchesScipy() {
        // scipy 1.10.1: scipy.stats.wilcoxon([1, 2, 3, 4, 5], method='exact') -> 0.0625 (= 2/32, the smallest
        // p-value five pairs allow).
        assertEquals(
                0.0625,
                PairedTest.wilcoxon("d", new double[] {1, 2, 3, 4, 5}, "0", new double[5])
                        .pValue(),
                0);
        // scipy 1.10.1: scipy.stats.wilcoxon([1.5, -0.2, 3.1, 4.4, -2.6, 5.0, 6.2, 7.9], method='exact')
        // -> 0.0546875.
        double[] d = {1.5, -0.2, 3.1, 4.4, -2.6, 5.0, 6.2, 7.9};
        assertEquals(0.0546875, PairedTest.wilcoxon("d", d, "0", new double[8]).pValue(), 1e-15);
    }

    /**
     * The two-sided p-value by enumerating every way of choosing which of the pooled values form the first
     * sample: twice the smaller tail of U at the observed U, capped at 1. U of a split is counted directly
     * from the values (pairs won plus half the ties), independently of any ranking.
     */
    private static double bruteForceMannWhitneyP(double[] x, double[] y) {
        double[] pooled = new double[x.length + y.length];
        System.arraycopy(x, 0, pooled, 0, x.length);
        System.arraycopy(y, 0, pooled, x.length, y.length);
        double observed = doubledU(x, y);
        long atLeast = 0;
        long atMost = 0;
        long all = 0;
        int n = pooled.length;
        for (int mask = 0; mask < 1 << n; mask++) {
            if (Integer.bitCount(mask) != x.length) {
                continue;
            }
            double[] a = new double[x.length];
            double[] b = new double[y.length];
            int ia = 0;
            int ib = 0;
            for (int i = 0; i < n; i++) {
                if ((mask & 1 << i) != 0) {
                    a[ia++] = pooled[i];
                } else {
                    b[ib++] = pooled[i];
                }
            }
            double u = doubledU(a, b);
            all++;
            atLeast += u >= observed ? 1 : 0;
            atMost += u <= observed ? 1 : 0;
        }
        return Math.min(1.0, 2.0 * Math.min(atLeast, atMost) / all);
    }

    private static double doubledU(double[] a, double[] b) {
        double u = 0;
        for (double va : a) {
            for (double vb : b) {
                u += va > vb ? 2 : va == vb ? 1 : 0;
            }
        }
        return u;
    }
}
