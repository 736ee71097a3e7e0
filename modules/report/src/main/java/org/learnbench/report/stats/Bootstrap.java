package org.learnbench.report.stats;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;
import java.util.random.RandomGenerator;

/**
 * Percentile bootstrap confidence intervals of a statistic of one sample (by default the median over seeds).
 *
 * <p>Each of {@code resamples} resamples draws n values with replacement from the sample; the interval is
 * made of the (1 - level) / 2 and (1 + level) / 2 type 7 quantiles of the resampled statistics. The result
 * depends only on the sample, the arguments and the state of the generator, so a seeded generator
 * reproduces it.
 */
public final class Bootstrap {
    /** The number of resamples when none is given. */
    public static final int DEFAULT_RESAMPLES = 10_000;

    /** The confidence level when none is given. */
    public static final double DEFAULT_LEVEL = 0.95;

    private Bootstrap() {}

    /**
     * A confidence interval: the statistic of the original sample, the bounds, and the nominal level. The
     * estimate is not required to lie inside the bounds, since a percentile interval of a skewed statistic
     * need not contain it.
     */
    public record Interval(double estimate, double low, double high, double level) {
        /** Validates that the bounds are ordered numbers and the level lies strictly between 0 and 1. */
        public Interval {
            if (Double.isNaN(estimate) || Double.isNaN(low) || Double.isNaN(high)) {
                throw new IllegalArgumentException(
                        "interval needs numbers, got estimate " + estimate + ", low " + low + ", high " + high);
            }
            if (low > high) {
                throw new IllegalArgumentException("interval low must not exceed high, got " + low + " > " + high);
            }
            if (!(level > 0 && level < 1)) {
                throw new IllegalArgumentException("confidence level must lie in (0, 1), got " + level);
            }
        }

        /** The width high - low. */
        public double width() {
            return high - low;
        }

        /** Whether {@code value} lies within the closed interval. */
        public boolean contains(double value) {
            return value >= low && value <= high;
        }
    }

    /** The 95% percentile bootstrap interval of the median with {@link #DEFAULT_RESAMPLES} resamples. */
    public static Interval medianCi(double[] sample, RandomGenerator random) {
        return ci(sample, Descriptive::median, DEFAULT_LEVEL, DEFAULT_RESAMPLES, random);
    }

    /**
     * The percentile bootstrap interval of {@code statistic}. The statistic receives an array it may reorder
     * (never the caller's sample) and must return a number, not NaN.
     */
    public static Interval ci(
            double[] sample,
            ToDoubleFunction<double[]> statistic,
            double level,
            int resamples,
            RandomGenerator random) {
        Descriptive.requireValues(sample, "bootstrap", 1);
        if (statistic == null || random == null) {
            throw new IllegalArgumentException(
                    "bootstrap needs a statistic and a random generator, got " + statistic + " and " + random);
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("confidence level must lie in (0, 1), got " + level);
        }
        if (resamples < 1) {
            throw new IllegalArgumentException("bootstrap needs at least 1 resample, got " + resamples);
        }
        double estimate = evaluate(statistic, sample.clone(), -1);
        int n = sample.length;
        double[] resample = new double[n];
        double[] statistics = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            for (int i = 0; i < n; i++) {
                resample[i] = sample[random.nextInt(n)];
            }
            statistics[b] = evaluate(statistic, resample, b);
        }
        Arrays.sort(statistics);
        double tail = (1 - level) / 2;
        return new Interval(
                estimate,
                Descriptive.sortedQuantile(statistics, tail),
                Descriptive.sortedQuantile(statistics, 1 - tail),
                level);
    }

    private static double evaluate(ToDoubleFunction<double[]> statistic, double[] values, int resample) {
        double value = statistic.applyAsDouble(values);
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException("bootstrap statistic returned NaN on "
                    + (resample < 0 ? "the original sample" : "resample " + resample));
        }
        return value;
    }
}
