package org.learnbench.report.stats;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Arrays;

/**
 * Fixed-target levels taken from the runs themselves: quantiles of the runs' final values, so that a
 * fixed-target table separates the optimizers instead of reporting all or nothing.
 *
 * <p>A target is an order statistic, never a value interpolated between two runs, and when it is rounded for
 * display it is rounded toward the easy side (down when higher is better, up when lower is better). Every
 * run whose final value is at least as good as the run at the quantile therefore reaches the target: a run
 * at 27/31 = 0.870968 makes the target 0.870, never 0.871.
 */
public final class Targets {
    /** The quantile levels of automatic targets, from the easiest to the hardest once oriented. */
    public static final double[] LEVELS = {0.25, 0.5, 0.75};

    /** Significant digits automatic targets keep, enough to tell the quartiles of a study apart. */
    public static final int DIGITS = 3;

    private Targets() {}

    /**
     * The automatic targets of a task from its runs' final values: the easy, middle and hard quartile
     * ({@link #LEVELS} of the runs ordered from worst to best), each the order statistic on the easy side of
     * the quantile, rounded toward the easy side to {@value #DIGITS} significant digits; duplicates removed,
     * easiest first. Non-finite values (diverged runs) are left out.
     *
     * @throws IllegalArgumentException when no final value is finite
     */
    public static double[] automatic(double[] finals, boolean higherIsBetter) {
        return fromQuantiles(finals, LEVELS, higherIsBetter, DIGITS);
    }

    /**
     * Targets at the given quantile levels of the runs ordered from worst to best: at level q, at least a
     * fraction 1 - q of the runs (those at or beyond the target's run) reach the target. For each level the
     * target is the order statistic of the worst-to-best ordering at index floor((n - 1) q), which is the
     * easy-side neighbour of the type-7 quantile, then {@link #towardEasy rounded toward the easy side} to
     * {@code digits} significant digits (0 keeps the value exact). Duplicates are removed, easiest first.
     */
    public static double[] fromQuantiles(double[] finals, double[] levels, boolean higherIsBetter, int digits) {
        if (finals == null || levels == null || levels.length == 0) {
            throw new IllegalArgumentException("targets need final values and at least 1 quantile level, got "
                    + Arrays.toString(finals) + " and " + Arrays.toString(levels));
        }
        if (digits < 0) {
            throw new IllegalArgumentException("significant digits must be >= 0, got " + digits);
        }
        double[] finite = Arrays.stream(finals).filter(Double::isFinite).toArray();
        if (finite.length == 0) {
            throw new IllegalArgumentException(
                    "targets need at least 1 finite final value, got " + Arrays.toString(finals));
        }
        // Worst first: ascending when higher is better, descending when lower is better.
        Arrays.sort(finite);
        if (!higherIsBetter) {
            for (int i = 0, j = finite.length - 1; i < j; i++, j--) {
                double t = finite[i];
                finite[i] = finite[j];
                finite[j] = t;
            }
        }
        double[] targets = new double[levels.length];
        for (int i = 0; i < levels.length; i++) {
            double q = levels[i];
            if (!(q >= 0 && q <= 1)) {
                throw new IllegalArgumentException(
                        "quantile levels must lie in [0, 1], got " + Arrays.toString(levels));
            }
            double atRun = finite[(int) Math.floor((finite.length - 1) * q)];
            targets[i] = digits == 0 ? atRun : towardEasy(atRun, higherIsBetter, digits);
        }
        double[] distinct = Arrays.stream(targets).distinct().sorted().toArray();
        if (!higherIsBetter) {
            // Easiest first: the largest loss first.
            for (int i = 0, j = distinct.length - 1; i < j; i++, j--) {
                double t = distinct[i];
                distinct[i] = distinct[j];
                distinct[j] = t;
            }
        }
        return distinct;
    }

    /**
     * {@code value} rounded to {@code digits} significant decimal digits toward the easy side of a target:
     * down (toward minus infinity) when higher is better, up when lower is better. The result, a double, is
     * never on the hard side of {@code value}: the decimal rounded is the shortest one that reads back as {@code
     * value} (so 0.6 stays 0.6 rather than becoming 0.599 from its binary expansion 0.59999...), and reading
     * a decimal back as the nearest double keeps its order with respect to the decimal {@code value} was
     * read from. Zero and non-finite values are returned as they are.
     */
    public static double towardEasy(double value, boolean higherIsBetter, int digits) {
        if (digits < 1) {
            throw new IllegalArgumentException("significant digits must be >= 1, got " + digits);
        }
        if (value == 0 || !Double.isFinite(value)) {
            return value;
        }
        RoundingMode mode = higherIsBetter ? RoundingMode.FLOOR : RoundingMode.CEILING;
        return BigDecimal.valueOf(value).round(new MathContext(digits, mode)).doubleValue();
    }
}
