package org.learnbench.report.stats;

/**
 * The result of comparing algorithm {@code a} (sample x) with algorithm {@code b} (sample y) on one task
 * and metric.
 *
 * @param a the name of the first algorithm
 * @param b the name of the second algorithm
 * @param test the test that produced the p-value: {@link PairedTest#WILCOXON} or {@link
 *     PairedTest#MANN_WHITNEY}
 * @param statistic the test statistic, defined by the test (see {@link PairedTest})
 * @param pValue the two-sided p-value of this comparison alone
 * @param adjustedPValue the p-value adjusted for all comparisons of the family (see {@link Holm}), or NaN
 *     until it has been adjusted
 * @param a12 the Vargha-Delaney A12 of x over y: the probability that a value of x is larger than one of y
 * @param n the number of pairs (paired test) or of values in both samples together (unpaired test)
 */
public record Comparison(
        String a, String b, String test, double statistic, double pValue, double adjustedPValue, double a12, int n) {
    /** Validates names, probabilities in [0, 1] and a positive n. */
    public Comparison {
        if (a == null || a.isBlank() || b == null || b.isBlank() || test == null || test.isBlank()) {
            throw new IllegalArgumentException(
                    "comparison needs algorithm and test names, got a=" + a + ", b=" + b + ", test=" + test);
        }
        if (Double.isNaN(statistic)) {
            throw new IllegalArgumentException("comparison of " + a + " and " + b + " has a NaN statistic");
        }
        if (!(pValue >= 0 && pValue <= 1)) {
            throw new IllegalArgumentException("p-value of " + a + " vs " + b + " must lie in [0, 1], got " + pValue);
        }
        if (!Double.isNaN(adjustedPValue) && !(adjustedPValue >= pValue && adjustedPValue <= 1)) {
            throw new IllegalArgumentException("adjusted p-value of " + a + " vs " + b + " must lie in [p, 1] = ["
                    + pValue + ", 1] or be NaN, got " + adjustedPValue);
        }
        if (!(a12 >= 0 && a12 <= 1)) {
            throw new IllegalArgumentException("A12 of " + a + " vs " + b + " must lie in [0, 1], got " + a12);
        }
        if (n < 1) {
            throw new IllegalArgumentException("comparison of " + a + " and " + b + " needs n >= 1, got " + n);
        }
    }

    /** Whether {@link #adjustedPValue()} has been filled in. */
    public boolean isAdjusted() {
        return !Double.isNaN(adjustedPValue);
    }

    /** This comparison with its adjusted p-value set. */
    public Comparison withAdjustedPValue(double adjusted) {
        return new Comparison(a, b, test, statistic, pValue, adjusted, a12, n);
    }
}
