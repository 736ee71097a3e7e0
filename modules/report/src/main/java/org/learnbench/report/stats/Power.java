package org.learnbench.report.stats;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * What a comparison design can detect at best: the smallest two-sided p-value the tests of {@link PairedTest}
 * can return for a number of seeds, alone and after Holm's correction over a family of comparisons, and
 * whether significance at a level is reachable at all. A report states this before its tables, since with
 * 5 paired seeds no difference, however large, is significant after correcting for 12 comparisons.
 *
 * <p>The smallest p-value is that of the most extreme outcome without ties: every difference of one sign
 * (Wilcoxon), or every value of one sample beyond every value of the other (Mann-Whitney). Ties only make
 * the extreme less extreme.
 */
public final class Power {
    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

    private Power() {}

    /** A comparison design: how many runs each side of one comparison has, and whether they are paired. */
    public sealed interface Design permits Paired, Unpaired {
        /** The test {@link PairedTest} runs for this design: {@link PairedTest#WILCOXON} or {@link PairedTest#MANN_WHITNEY}. */
        String test();
    }

    /**
     * Runs paired by seed, compared by the Wilcoxon signed-rank test.
     *
     * @param pairs the number of pairs (non-zero differences, at best)
     */
    public record Paired(int pairs) implements Design {
        /** Rejects fewer than 1 pair. */
        public Paired {
            if (pairs < 1) {
                throw new IllegalArgumentException("a paired design needs at least 1 pair, got " + pairs);
            }
        }

        @Override
        public String test() {
            return PairedTest.WILCOXON;
        }
    }

    /**
     * Independent samples, compared by the Mann-Whitney U test.
     *
     * @param n1 the size of the first sample
     * @param n2 the size of the second sample
     */
    public record Unpaired(int n1, int n2) implements Design {
        /** Rejects an empty sample. */
        public Unpaired {
            if (n1 < 1 || n2 < 1) {
                throw new IllegalArgumentException(
                        "an unpaired design needs at least 1 run per sample, got " + n1 + " and " + n2);
            }
        }

        @Override
        public String test() {
            return PairedTest.MANN_WHITNEY;
        }
    }

    /** A paired design of {@code pairs} seeds. */
    public static Design paired(int pairs) {
        return new Paired(pairs);
    }

    /** An unpaired design of samples of {@code n1} and {@code n2} runs. */
    public static Design unpaired(int n1, int n2) {
        return new Unpaired(n1, n2);
    }

    /**
     * The smallest two-sided p-value of one comparison of this design, as {@link PairedTest} computes it.
     * Wilcoxon with n pairs: exactly 2 / 2^n up to {@value PairedTest#EXACT_WILCOXON_MAX} pairs (n = 5 gives
     * 0.0625), else the continuity-corrected normal tail at W+ = n(n + 1)/2. Mann-Whitney with sizes n1 and
     * n2: exactly 2 / C(n1 + n2, n1) up to {@value PairedTest#EXACT_MANN_WHITNEY_MAX} values (5 and 5 give
     * 2/252), else the normal tail at U = n1 n2. Capped at 1.
     */
    public static double smallestP(Design design) {
        requireDesign(design);
        if (design instanceof Paired paired) {
            int n = paired.pairs();
            if (n <= PairedTest.EXACT_WILCOXON_MAX) {
                return Math.min(1.0, Math.scalb(2.0, -n));
            }
            double mean = n * (n + 1) / 4.0;
            double variance = n * (n + 1.0) * (2 * n + 1) / 24;
            return twoSidedNormal(n * (n + 1) / 2.0 - mean, variance);
        }
        Unpaired unpaired = (Unpaired) design;
        int n1 = unpaired.n1();
        int n2 = unpaired.n2();
        if (n1 + n2 <= PairedTest.EXACT_MANN_WHITNEY_MAX) {
            return Math.min(1.0, 2 / binomial(n1 + n2, Math.min(n1, n2)));
        }
        double product = (double) n1 * n2;
        return twoSidedNormal(product / 2, product * (n1 + n2 + 1) / 12);
    }

    /**
     * The smallest Holm-adjusted p-value a comparison of this design can reach in a family of {@code
     * comparisons}: Holm multiplies the smallest p-value of the family by the family's size, and every other
     * adjusted value is at least that, so it is min(1, m p_min). Wilcoxon with 5 pairs over 12 comparisons:
     * 12 x 0.0625 = 0.75.
     */
    public static double smallestAttainable(Design design, int comparisons) {
        requireDesign(design);
        if (comparisons < 1) {
            throw new IllegalArgumentException("a family needs at least 1 comparison, got " + comparisons);
        }
        return Math.min(1.0, comparisons * smallestP(design));
    }

    /**
     * Whether a comparison of this design can be significant at {@code alpha} after Holm's correction over
     * {@code comparisons}: whether {@link #smallestAttainable} is at most alpha. When it is not, no data
     * whatever can make the comparison significant, and a report should say so before its tables.
     */
    public static boolean canReach(Design design, int comparisons, double alpha) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("significance level must lie in (0, 1), got " + alpha);
        }
        return smallestAttainable(design, comparisons) <= alpha;
    }

    /**
     * The fewest seeds per optimizer with which a comparison can be significant at {@code alpha} after Holm's
     * correction over {@code comparisons}: pairs for a paired design, or equal sample sizes for an unpaired
     * one. Wilcoxon over 12 comparisons at 0.05 needs 9 pairs (12 x 2/2^9 = 0.047).
     */
    public static int seedsNeeded(boolean paired, int comparisons, double alpha) {
        for (int n = 1; ; n++) {
            if (canReach(paired ? paired(n) : unpaired(n, n), comparisons, alpha)) {
                return n;
            }
        }
    }

    private static double twoSidedNormal(double distance, double variance) {
        double deviation = Math.max(0, distance - 0.5);
        return Math.min(1.0, 2 * STANDARD_NORMAL.cumulativeProbability(-deviation / Math.sqrt(variance)));
    }

    /** C(n, k) as a double, exact while it stays below 2^53. */
    static double binomial(int n, int k) {
        double c = 1;
        for (int i = 1; i <= k; i++) {
            c = c * (n - k + i) / i;
        }
        return c < 0x1p53 ? Math.rint(c) : c;
    }

    private static void requireDesign(Design design) {
        if (design == null) {
            throw new IllegalArgumentException("smallest attainable p needs a design, got null");
        }
    }
}
