package org.learnbench.report.stats;

import java.util.Arrays;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;
import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/**
 * Two-sided tests comparing a pair of algorithms on one task and metric: the Wilcoxon signed-rank test when
 * the runs are paired by seed, the Mann-Whitney U test when they are not. Each result carries the
 * Vargha-Delaney A12 of x over y and an adjusted p-value left NaN for {@link Holm} to fill in.
 */
public final class PairedTest {
    /** The name of the Wilcoxon signed-rank test in a {@link Comparison}. */
    public static final String WILCOXON = "wilcoxon-signed-rank";

    /** The name of the Mann-Whitney U test in a {@link Comparison}. */
    public static final String MANN_WHITNEY = "mann-whitney-u";

    /** Up to this many non-zero differences the Wilcoxon p-value is exact, as in Commons Math. */
    public static final int EXACT_WILCOXON_MAX = 30;

    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

    private PairedTest() {}

    /**
     * The Wilcoxon signed-rank test of the differences d = x[i] - y[i] (runs paired by index, i.e. by seed).
     *
     * <p>Zero differences are dropped before ranking (Wilcoxon's original treatment, scipy's default {@code
     * zero_method="wilcox"}); tied absolute differences get their average rank. The statistic is W+, the sum
     * of the ranks of the positive differences, so a large W+ means x tends to exceed y. With at most {@value
     * #EXACT_WILCOXON_MAX} non-zero differences the p-value is exact: twice the smaller tail of the
     * distribution of W+ over all 2^n sign patterns of the observed ranks (the conditional distribution when
     * there are ties), capped at 1. Beyond that it is the normal approximation with mean n(n + 1)/4, variance
     * n(n + 1)(2n + 1)/24 - sum(t^3 - t)/48 over groups of t tied ranks, and a continuity correction of 0.5
     * towards the mean. When every difference is zero, W+ = 0 and p = 1.
     *
     * <p>This does not call Commons Math's {@code WilcoxonSignedRankTest}, whose 3.6.1 version ranks zero
     * differences and counts them as negative (so swapping x and y changes the p-value, and identical samples
     * get p = 2 / 2^n), can return an exact p-value above 1, applies its continuity correction away from the
     * mean, ignores ties in the variance, and enumerates 2^n patterns (minutes at n = 30). Without zeros or
     * ties the exact p-values here equal its exact p-values; the tests check this.
     */
    public static Comparison wilcoxon(String a, double[] x, String b, double[] y) {
        Descriptive.requireValues(x, "Wilcoxon sample " + a, 1);
        Descriptive.requireValues(y, "Wilcoxon sample " + b, 1);
        if (x.length != y.length) {
            throw new IllegalArgumentException(
                    "paired samples need equal lengths, got " + x.length + " and " + y.length);
        }
        double a12 = VarghaDelaney.a12(x, y);
        double[] differences =
                Arrays.stream(differences(x, y)).filter(d -> d != 0).toArray();
        int n = differences.length;
        if (n == 0) {
            return new Comparison(a, b, WILCOXON, 0, 1, Double.NaN, a12, x.length);
        }
        double[] absolute = Arrays.stream(differences).map(Math::abs).toArray();
        double[] ranks = new NaturalRanking(NaNStrategy.FAILED, TiesStrategy.AVERAGE).rank(absolute);
        double wPlus = 0;
        for (int i = 0; i < n; i++) {
            if (differences[i] > 0) {
                wPlus += ranks[i];
            }
        }
        double p = n <= EXACT_WILCOXON_MAX ? exactSignedRankP(ranks, wPlus) : normalSignedRankP(absolute, wPlus);
        return new Comparison(a, b, WILCOXON, wPlus, p, Double.NaN, a12, x.length);
    }

    /**
     * The Mann-Whitney U test of two independent samples, with Commons Math's two-sided normal approximation.
     *
     * <p>The statistic is U of x: the number of pairs with the x value larger plus half the tied pairs, which
     * equals A12 n m. Ties get average ranks, but Commons Math 3.6.1 neither corrects the variance n m (n + m
     * + 1)/12 for ties nor applies a continuity correction, so with ties the p-value is somewhat conservative
     * (too large); for samples that are entirely tied it is 1.
     */
    public static Comparison mannWhitney(String a, double[] x, String b, double[] y) {
        Descriptive.requireValues(x, "Mann-Whitney sample " + a, 1);
        Descriptive.requireValues(y, "Mann-Whitney sample " + b, 1);
        long doubledWins = VarghaDelaney.doubledWins(x, y);
        double u = doubledWins / 2.0;
        double a12 = doubledWins / (2.0 * x.length * y.length);
        double p = new MannWhitneyUTest(NaNStrategy.FAILED, TiesStrategy.AVERAGE).mannWhitneyUTest(x, y);
        return new Comparison(a, b, MANN_WHITNEY, u, Math.min(1.0, p), Double.NaN, a12, x.length + y.length);
    }

    private static double[] differences(double[] x, double[] y) {
        double[] d = new double[x.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = x[i] - y[i];
        }
        return d;
    }

    /**
     * The exact two-sided p-value of W+ by counting sign patterns. Average ranks are multiples of one half, so
     * doubled ranks are integers and the count of patterns per doubled rank sum is a subset-sum table.
     */
    static double exactSignedRankP(double[] ranks, double wPlus) {
        int n = ranks.length;
        int[] doubled = new int[n];
        int total = 0;
        for (int i = 0; i < n; i++) {
            doubled[i] = (int) Math.round(2 * ranks[i]);
            total += doubled[i];
        }
        long[] patterns = new long[total + 1];
        patterns[0] = 1;
        int reach = 0;
        for (int r : doubled) {
            reach += r;
            for (int s = reach; s >= r; s--) {
                patterns[s] += patterns[s - r];
            }
        }
        int observed = (int) Math.round(2 * wPlus);
        long atLeast = 0;
        long atMost = 0;
        for (int s = 0; s <= total; s++) {
            if (s >= observed) {
                atLeast += patterns[s];
            }
            if (s <= observed) {
                atMost += patterns[s];
            }
        }
        double all = Math.scalb(1.0, n);
        return Math.min(1.0, 2 * Math.min(atLeast, atMost) / all);
    }

    /** The two-sided normal-approximation p-value of W+, tie-corrected and continuity-corrected. */
    static double normalSignedRankP(double[] absolute, double wPlus) {
        int n = absolute.length;
        double mean = n * (n + 1) / 4.0;
        double variance = n * (n + 1.0) * (2 * n + 1) / 24 - tieSum(absolute) / 48;
        double deviation = Math.max(0, Math.abs(wPlus - mean) - 0.5);
        if (variance <= 0) {
            return 1;
        }
        return Math.min(1.0, 2 * STANDARD_NORMAL.cumulativeProbability(-deviation / Math.sqrt(variance)));
    }

    /** Sum of t^3 - t over groups of t equal values. */
    static double tieSum(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double sum = 0;
        int start = 0;
        for (int i = 1; i <= sorted.length; i++) {
            if (i == sorted.length || sorted[i] != sorted[start]) {
                double t = i - start;
                sum += t * t * t - t;
                start = i;
            }
        }
        return sum;
    }
}
