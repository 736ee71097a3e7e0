package org.learnbench.optim.ga;

import java.util.Arrays;
import java.util.Comparator;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;

/** Sorting and sampling helpers shared by the selection operators. */
final class Ranking {
    private Ranking() {}

    /** True when fitness a beats b; NaN loses to everything. */
    static boolean better(double a, double b) {
        return !Double.isNaN(a) && (Double.isNaN(b) || a < b);
    }

    /** Indices ordered from best (lowest fitness) to worst; ties keep index order, NaN counts as worst. */
    static int[] bestFirst(double[] fitness) {
        return IntStream.range(0, fitness.length)
                .boxed()
                .sorted(Comparator.comparingDouble(
                        (Integer i) -> Double.isNaN(fitness[i]) ? Double.POSITIVE_INFINITY : fitness[i]))
                .mapToInt(Integer::intValue)
                .toArray();
    }

    /** Roulette weights for minimisation: f_worst - f_i among finite values; uniform when all are equal. */
    static double[] proportionalWeights(double[] fitness) {
        double worst = Double.NEGATIVE_INFINITY;
        for (double f : fitness) {
            if (Double.isFinite(f)) {
                worst = Math.max(worst, f);
            }
        }
        double[] w = new double[fitness.length];
        double total = 0;
        for (int i = 0; i < w.length; i++) {
            w[i] = Double.isFinite(fitness[i]) ? worst - fitness[i] : 0;
            total += w[i];
        }
        if (!(total > 0)) {
            Arrays.fill(w, 1.0);
        }
        return w;
    }

    static double[] cumulative(double[] weights) {
        double[] c = new double[weights.length];
        double s = 0;
        for (int i = 0; i < weights.length; i++) {
            s += weights[i];
            c[i] = s;
        }
        return c;
    }

    /** The first index whose cumulative weight exceeds the point. */
    static int find(double[] cumulative, double point) {
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > point) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** Stochastic universal sampling over cumulative weights, then a shuffle of the picks. */
    static int[] universal(double[] cumulative, int count, RandomGenerator random) {
        double total = cumulative[cumulative.length - 1];
        double step = total / count;
        double start = random.nextDouble() * step;
        int[] chosen = new int[count];
        int index = 0;
        for (int c = 0; c < count; c++) {
            double pointer = start + c * step;
            while (index < cumulative.length - 1 && cumulative[index] <= pointer) {
                index++;
            }
            chosen[c] = index;
        }
        for (int i = count - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = chosen[i];
            chosen[i] = chosen[j];
            chosen[j] = t;
        }
        return chosen;
    }
}
