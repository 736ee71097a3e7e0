package org.learnbench.optim.ga;

import java.util.random.RandomGenerator;

/**
 * Recombination of two real-valued parents into one child: uniform, one-point, multi-point,
 * whole-arithmetic and blend (BLX-alpha), or none.
 */
public sealed interface Crossover {
    /** Writes the child of {@code a} and {@code b} into {@code child}. */
    void cross(double[] a, double[] b, double[] child, RandomGenerator random);

    /** A short name for configs and reports. */
    String name();

    /** No recombination: the child is a copy of the first parent. */
    record None() implements Crossover {
        @Override
        public void cross(double[] a, double[] b, double[] child, RandomGenerator random) {
            System.arraycopy(a, 0, child, 0, a.length);
        }

        @Override
        public String name() {
            return "none";
        }
    }

    /** Each gene from either parent with probability 1/2. */
    record Uniform() implements Crossover {
        @Override
        public void cross(double[] a, double[] b, double[] child, RandomGenerator random) {
            for (int i = 0; i < a.length; i++) {
                child[i] = random.nextBoolean() ? a[i] : b[i];
            }
        }

        @Override
        public String name() {
            return "uniform";
        }
    }

    /**
     * Genes alternate between the parents at {@code points} distinct cut points drawn uniformly from 1..d-1
     * (one-point crossover when points = 1).
     */
    record MultiPoint(int points) implements Crossover {
        public MultiPoint {
            if (points < 1) {
                throw new IllegalArgumentException("crossover needs at least one cut point, got " + points);
            }
        }

        @Override
        public void cross(double[] a, double[] b, double[] child, RandomGenerator random) {
            int d = a.length;
            int cuts = Math.min(points, d - 1);
            boolean[] cut = new boolean[d];
            for (int placed = 0; placed < cuts; ) {
                int at = 1 + random.nextInt(d - 1);
                if (!cut[at]) {
                    cut[at] = true;
                    placed++;
                }
            }
            boolean fromA = true;
            for (int i = 0; i < d; i++) {
                if (cut[i]) {
                    fromA = !fromA;
                }
                child[i] = fromA ? a[i] : b[i];
            }
        }

        @Override
        public String name() {
            return points == 1 ? "one_point" : "multi_point";
        }
    }

    /** child = w a + (1 - w) b with one weight w ~ U(0, 1) per child. */
    record Arithmetic() implements Crossover {
        @Override
        public void cross(double[] a, double[] b, double[] child, RandomGenerator random) {
            double w = random.nextDouble();
            for (int i = 0; i < a.length; i++) {
                child[i] = w * a[i] + (1 - w) * b[i];
            }
        }

        @Override
        public String name() {
            return "arithmetic";
        }
    }

    /**
     * BLX-alpha (Eshelman &amp; Schaffer 1993): each gene uniform in [lo - alpha d, hi + alpha d], where lo
     * and hi are the parents' genes and d = hi - lo.
     */
    record Blend(double alpha) implements Crossover {
        public Blend {
            if (!(alpha >= 0)) {
                throw new IllegalArgumentException("blend alpha must be >= 0, got " + alpha);
            }
        }

        @Override
        public void cross(double[] a, double[] b, double[] child, RandomGenerator random) {
            for (int i = 0; i < a.length; i++) {
                double lo = Math.min(a[i], b[i]);
                double hi = Math.max(a[i], b[i]);
                double spread = alpha * (hi - lo);
                child[i] = lo - spread + random.nextDouble() * (hi - lo + 2 * spread);
            }
        }

        @Override
        public String name() {
            return "blend";
        }
    }
}
