package org.learnbench.report.stats;

/**
 * The Vargha-Delaney A12 effect size: the probability that a value drawn from x is larger than one drawn
 * from y, counting ties as one half.
 *
 * <p>A12 is 0.5 when neither sample tends to be larger, 1 when every x exceeds every y and 0 when every y
 * exceeds every x. It says "larger", not "better": for a metric where lower is better, compare with {@code
 * a12(y, x)} or use 1 - A12.
 */
public final class VarghaDelaney {
    private VarghaDelaney() {}

    /**
     * A12 = P(X > Y) + 0.5 P(X = Y) over all n m pairs of a value of x and a value of y: the probability that
     * a value of x is larger than one of y.
     */
    public static double a12(double[] x, double[] y) {
        return doubledWins(x, y) / (2.0 * x.length * y.length);
    }

    /**
     * The size of an effect by Vargha and Delaney (2000): with d = |A12 - 0.5|, "negligible" when d < 0.06
     * (A12 within (0.44, 0.56)), "small" when d < 0.14 (within (0.36, 0.64)), "medium" when d < 0.21 (within
     * (0.29, 0.71)), and "large" otherwise. The thresholds are symmetric around 0.5.
     */
    public static String magnitude(double a12) {
        if (!(a12 >= 0 && a12 <= 1)) {
            throw new IllegalArgumentException("A12 must lie in [0, 1], got " + a12);
        }
        // Rounding keeps a value meant to sit on a threshold, such as 0.56, from landing below it as
        // 0.56 - 0.5 = 0.06000000000000005 or above it, depending on how it was computed.
        double d = Math.round(Math.abs(a12 - 0.5) * 1e12) / 1e12;
        if (d < 0.06) {
            return "negligible";
        }
        if (d < 0.14) {
            return "small";
        }
        if (d < 0.21) {
            return "medium";
        }
        return "large";
    }

    /** Twice the number of pairs with x larger plus the number of tied pairs, an exact integer count. */
    static long doubledWins(double[] x, double[] y) {
        Descriptive.requireValues(x, "A12 sample x", 1);
        Descriptive.requireValues(y, "A12 sample y", 1);
        long doubled = 0;
        for (double xi : x) {
            for (double yj : y) {
                if (xi > yj) {
                    doubled += 2;
                } else if (xi == yj) {
                    doubled += 1;
                }
            }
        }
        return doubled;
    }
}
