package org.learnbench.report.stats;

import java.util.Arrays;

/** Descriptive statistics of a sample of results over seeds: median, quantiles, mean and standard deviation. */
public final class Descriptive {
    private Descriptive() {}

    /** The median; for an even number of values, the average of the two middle ones. */
    public static double median(double[] sample) {
        return quantile(sample, 0.5);
    }

    /**
     * The {@code p}-quantile by linear interpolation between order statistics (Hyndman and Fan's type 7, the
     * default of R's {@code quantile} and of numpy's {@code "linear"} method): with the values sorted as
     * x[0..n-1], h = (n - 1) p and the result is x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]).
     */
    public static double quantile(double[] sample, double p) {
        requireValues(sample, "quantile", 1);
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("quantile level must lie in [0, 1], got " + p);
        }
        double[] sorted = sample.clone();
        Arrays.sort(sorted);
        return sortedQuantile(sorted, p);
    }

    /** The arithmetic mean. */
    public static double mean(double[] sample) {
        requireValues(sample, "mean", 1);
        double sum = 0;
        for (double v : sample) {
            sum += v;
        }
        return sum / sample.length;
    }

    /** The sample standard deviation (divisor n - 1), which needs at least two values. */
    public static double sd(double[] sample) {
        requireValues(sample, "standard deviation", 2);
        double mean = mean(sample);
        double squares = 0;
        for (double v : sample) {
            squares += (v - mean) * (v - mean);
        }
        return Math.sqrt(squares / (sample.length - 1));
    }

    /** Type 7 quantile of values already sorted ascending; the caller has validated them. */
    static double sortedQuantile(double[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        double fraction = h - lo;
        // Returning the order statistic itself when there is nothing to interpolate keeps infinite values
        // from turning into NaN through 0 * infinity.
        if (fraction == 0 || lo + 1 >= sorted.length || sorted[lo] == sorted[lo + 1]) {
            // Equal neighbours (two infinite costs among them) are their own quantile: inf - inf is NaN.
            return sorted[lo];
        }
        return sorted[lo] + fraction * (sorted[lo + 1] - sorted[lo]);
    }

    /** Rejects a missing or too short sample, and NaN, naming what was asked for. */
    static void requireValues(double[] sample, String what, int minimum) {
        if (sample == null) {
            throw new IllegalArgumentException(what + " needs a sample, got null");
        }
        if (sample.length < minimum) {
            throw new IllegalArgumentException(what + " needs at least " + minimum + " value"
                    + (minimum == 1 ? "" : "s") + ", got " + sample.length);
        }
        for (int i = 0; i < sample.length; i++) {
            if (Double.isNaN(sample[i])) {
                throw new IllegalArgumentException(what + " got NaN at index " + i + " of " + sample.length);
            }
        }
    }
}
