package org.learnbench.report.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.random.RandomGenerator;

/**
 * The expected best result of a tuning budget of k trials, estimated from N trials already run: the mean,
 * over every subset of k of the N trials (drawn without replacement, all equally likely), of the subset's
 * best validation value, and of the test value of that validation-best trial (Sivaprasad et al., ICML 2020;
 * Dodge et al., EMNLP 2019). Computed exactly from the order statistics: with the trials sorted from worst to
 * best by validation, the i-th (1-based) is the best of a k-subset with probability C(i-1, k-1) / C(N, k).
 */
public final class ExpectedMaximum {
    private ExpectedMaximum() {}

    /** The expected validation and test values of the validation-best of k trials. */
    public record Point(int k, double validation, double test) {}

    /**
     * The curve for k = 1..N.
     *
     * @param validation each trial's validation value (the selection criterion)
     * @param test each trial's test value (reported, never used to select)
     */
    public static Point[] curve(double[] validation, double[] test, boolean higherIsBetter) {
        int n = validation.length;
        if (n == 0 || test.length != n) {
            throw new IllegalArgumentException(
                    "expected-maximum curves need as many test as validation values (at least one), got " + n + " and "
                            + test.length);
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        // Worst first; ties keep the trials' order, so the estimate is deterministic.
        Comparator<Integer> byValidation = Comparator.comparingDouble(i -> validation[i]);
        Arrays.sort(order, higherIsBetter ? byValidation : byValidation.reversed());
        Point[] out = new Point[n];
        for (int k = 1; k <= n; k++) {
            double v = 0;
            double t = 0;
            for (int i = k; i <= n; i++) {
                double p = probabilityBest(i, k, n);
                v += p * validation[order[i - 1]];
                t += p * test[order[i - 1]];
            }
            out[k - 1] = new Point(k, v, t);
        }
        return out;
    }

    /** C(i-1, k-1) / C(n, k), computed as a product of ratios so it never overflows. */
    static double probabilityBest(int i, int k, int n) {
        if (i < k) {
            return 0;
        }
        // C(i-1, k-1) / C(n, k) = (k / n) * prod_{j=1}^{k-1} (i - j) / (n - j)
        double p = (double) k / n;
        for (int j = 1; j < k; j++) {
            p *= (double) (i - j) / (n - j);
        }
        return p;
    }

    /**
     * A bootstrap band of the validation curve: the curve recomputed on trials resampled with replacement,
     * and its {@code level} percentile interval at each k.
     *
     * @return {lower[], upper[]} by k - 1
     */
    public static double[][] band(
            double[] validation,
            double[] test,
            boolean higherIsBetter,
            double level,
            int resamples,
            RandomGenerator random) {
        int n = validation.length;
        double[][] curves = new double[resamples][];
        for (int b = 0; b < resamples; b++) {
            double[] v = new double[n];
            double[] t = new double[n];
            for (int i = 0; i < n; i++) {
                int j = random.nextInt(n);
                v[i] = validation[j];
                t[i] = test[j];
            }
            Point[] c = curve(v, t, higherIsBetter);
            curves[b] = Arrays.stream(c).mapToDouble(Point::validation).toArray();
        }
        double[] lower = new double[n];
        double[] upper = new double[n];
        for (int k = 0; k < n; k++) {
            double[] at = new double[resamples];
            for (int b = 0; b < resamples; b++) {
                at[b] = curves[b][k];
            }
            lower[k] = Descriptive.quantile(at, (1 - level) / 2);
            upper[k] = Descriptive.quantile(at, 1 - (1 - level) / 2);
        }
        return new double[][] {lower, upper};
    }
}
