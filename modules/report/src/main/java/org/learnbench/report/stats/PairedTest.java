package org.learnbench.report.stats;

import java.util.Arrays;
import org.apache.commons.math3.distribution.NormalDistribution;
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

    /**
     * Up to this many values in both samples together the Mann-Whitney p-value is exact. The exact table
     * costs about N^4 / 4 additions (a few milliseconds at N = 60), and 60 covers two samples of 30 seeds,
     * the most a shipped study runs; beyond it the tie- and continuity-corrected normal approximation takes
     * over, as the Wilcoxon test's does past {@value #EXACT_WILCOXON_MAX} pairs.
     */
    public static final int EXACT_MANN_WHITNEY_MAX = 60;

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
     * The Mann-Whitney U test of two independent samples, two-sided.
     *
     * <p>The statistic is U of x: the number of pairs with the x value larger plus half the tied pairs, which
     * equals A12 n m. Values are ranked together, tied values getting their average rank. With at most {@value
     * #EXACT_MANN_WHITNEY_MAX} values in both samples together the p-value is exact: the permutation
     * distribution of the rank sum of x over all ways of splitting the observed ranks (tied ranks included)
     * into samples of the two sizes, each equally likely under the null hypothesis, and p is twice the smaller
     * tail at the observed U, capped at 1. Without ties this is scipy's {@code method="exact"}; with ties it
     * is the exact conditional distribution, which scipy 1.10 does not compute (its exact method ignores
     * ties). Beyond that size, p is the normal approximation with mean n m / 2, the tie-corrected variance n m
     * / 12 ((N + 1) - sum(t^3 - t) / (N (N - 1))) and a continuity correction of 0.5 towards the mean, as
     * scipy's {@code method="asymptotic"}. When all values are tied, p = 1.
     */
    public static Comparison mannWhitney(String a, double[] x, String b, double[] y) {
        Descriptive.requireValues(x, "Mann-Whitney sample " + a, 1);
        Descriptive.requireValues(y, "Mann-Whitney sample " + b, 1);
        long doubledWins = VarghaDelaney.doubledWins(x, y);
        double u = doubledWins / 2.0;
        double a12 = doubledWins / (2.0 * x.length * y.length);
        double p = x.length + y.length <= EXACT_MANN_WHITNEY_MAX ? exactRankSumP(x, y) : normalRankSumP(x, y, u);
        return new Comparison(a, b, MANN_WHITNEY, u, p, Double.NaN, a12, x.length + y.length);
    }

    /**
     * The exact two-sided p-value of the Mann-Whitney test by counting splits. Doubled average ranks are
     * integers, so the number of ways to pick k of them with a given doubled sum is a table built one rank at
     * a time (a subset-sum table with the subset size as a second index). The smaller sample is the one
     * picked: its rank sum carries the same information as the other's.
     */
    static double exactRankSumP(double[] x, double[] y) {
        double[] small = x.length <= y.length ? x : y;
        int n = x.length + y.length;
        int k = small.length;
        double[] all = new double[n];
        System.arraycopy(small, 0, all, 0, k);
        System.arraycopy(small == x ? y : x, 0, all, k, n - k);
        double[] ranks = averageRanks(all);
        int[] doubled = new int[n];
        int total = 0;
        int observed = 0;
        for (int i = 0; i < n; i++) {
            doubled[i] = (int) Math.round(2 * ranks[i]);
            total += doubled[i];
            if (i < k) {
                observed += doubled[i];
            }
        }
        // ways[j][s]: the number of j-element subsets of the ranks seen so far whose doubled sum is s. Counts
        // are doubles: C(60, 30) exceeds 2^53 only by a factor of 13, so the tails keep ~15 significant digits.
        double[][] ways = new double[k + 1][total + 1];
        ways[0][0] = 1;
        int reach = 0;
        for (int i = 0; i < n; i++) {
            int r = doubled[i];
            reach += r;
            for (int j = Math.min(i + 1, k); j >= 1; j--) {
                double[] row = ways[j];
                double[] below = ways[j - 1];
                for (int s = reach; s >= r; s--) {
                    row[s] += below[s - r];
                }
            }
        }
        double atLeast = 0;
        double atMost = 0;
        double splits = 0;
        for (int s = 0; s <= total; s++) {
            double w = ways[k][s];
            splits += w;
            if (s >= observed) {
                atLeast += w;
            }
            if (s <= observed) {
                atMost += w;
            }
        }
        return Math.min(1.0, 2 * Math.min(atLeast, atMost) / splits);
    }

    /** The two-sided normal-approximation p-value of U, tie-corrected and continuity-corrected. */
    static double normalRankSumP(double[] x, double[] y, double u) {
        double n1 = x.length;
        double n2 = y.length;
        double n = n1 + n2;
        double[] all = new double[x.length + y.length];
        System.arraycopy(x, 0, all, 0, x.length);
        System.arraycopy(y, 0, all, x.length, y.length);
        double variance = n1 * n2 / 12 * ((n + 1) - tieSum(all) / (n * (n - 1)));
        if (!(variance > 0)) {
            return 1;
        }
        double deviation = Math.max(0, Math.abs(u - n1 * n2 / 2) - 0.5);
        return Math.min(1.0, 2 * STANDARD_NORMAL.cumulativeProbability(-deviation / Math.sqrt(variance)));
    }

    /**
     * Average ranks (1-based) of the values, equal values (by {@code ==}, so -0.0 ties with 0.0) sharing the
     * mean of the ranks they span.
     */
    static double[] averageRanks(double[] values) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (i, j) -> Double.compare(values[i], values[j]));
        double[] ranks = new double[values.length];
        int start = 0;
        for (int i = 1; i <= order.length; i++) {
            if (i == order.length || values[order[i]] != values[order[start]]) {
                double rank = (start + 1 + i) / 2.0;
                for (int j = start; j < i; j++) {
                    ranks[order[j]] = rank;
                }
                start = i;
            }
        }
        return ranks;
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
