package org.learnbench.experiment.tuning;

import java.util.random.RandomGenerator;

/**
 * Quasi-random points in the unit cube for hyperparameter trials: the Halton sequence (radical inverses in
 * the first primes, one per dimension), randomised by a Cranley-Patterson rotation (one uniform shift per
 * dimension, modulo 1) drawn from the caller's generator, so that trials cover the space more evenly than
 * independent uniform draws at the same count, and differ between studies only through their seed.
 */
public final class QuasiRandom {
    private static final int[] PRIMES = {
        2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97
    };

    private final double[] shift;
    private long index;

    /** A sequence in {@code dimensions} dimensions, rotated by shifts drawn from {@code random}. */
    public QuasiRandom(int dimensions, RandomGenerator random) {
        if (dimensions < 1 || dimensions > PRIMES.length) {
            throw new IllegalArgumentException(
                    "quasi-random trials support 1 to " + PRIMES.length + " dimensions, got " + dimensions);
        }
        shift = new double[dimensions];
        for (int d = 0; d < dimensions; d++) {
            shift[d] = random.nextDouble();
        }
    }

    /** The next point, each coordinate in [0, 1). */
    public double[] next() {
        index++;
        double[] x = new double[shift.length];
        for (int d = 0; d < shift.length; d++) {
            double v = radicalInverse(index, PRIMES[d]) + shift[d];
            x[d] = v >= 1 ? v - 1 : v;
        }
        return x;
    }

    /** The digits of {@code n} in base {@code b}, mirrored about the radix point. */
    static double radicalInverse(long n, int b) {
        double inverse = 0;
        double scale = 1.0 / b;
        while (n > 0) {
            inverse += (n % b) * scale;
            n /= b;
            scale /= b;
        }
        return inverse;
    }

    /**
     * The L2-star discrepancy of points in the unit cube (Warnock's closed form): how far the points' share
     * of every anchored box is from the box's volume, in root mean square. Lower is more even.
     */
    public static double l2StarDiscrepancy(double[][] points) {
        int n = points.length;
        int d = points[0].length;
        double a = Math.pow(1.0 / 3, d);
        double b = 0;
        for (double[] x : points) {
            double p = 1;
            for (double v : x) {
                p *= (1 - v * v) / 2;
            }
            b += p;
        }
        double c = 0;
        for (double[] x : points) {
            for (double[] y : points) {
                double p = 1;
                for (int k = 0; k < d; k++) {
                    p *= 1 - Math.max(x[k], y[k]);
                }
                c += p;
            }
        }
        return Math.sqrt(a - 2 * b / n + c / ((double) n * n));
    }
}
