package org.learnbench.report.stats;

import java.util.Arrays;

/**
 * Performance profiles (Dolan and Moré, 2002): for each solver (optimizer), the fraction of problems (tasks)
 * on which its cost is within a factor tau of the best solver's cost on that problem, as a function of tau.
 * A failure (the solver never reached the task's target) has infinite cost and is within no factor. The area
 * under a profile over log tau in [1, tauMax], divided by log tauMax, is a one-number score in [0, 1]: 1 when a
 * solver is the best on every task.
 */
public final class PerformanceProfile {
    private PerformanceProfile() {}

    /**
     * Cost ratios: {@code ratios[p][s]} = cost[p][s] / min over solvers of cost[p][.]; infinite for a
     * failure, and infinite for every solver on a problem no solver solved.
     */
    public static double[][] ratios(double[][] cost) {
        double[][] r = new double[cost.length][];
        for (int p = 0; p < cost.length; p++) {
            double best = Arrays.stream(cost[p])
                    .filter(c -> c > 0 && Double.isFinite(c))
                    .min()
                    .orElse(Double.NaN);
            r[p] = new double[cost[p].length];
            for (int s = 0; s < cost[p].length; s++) {
                double c = cost[p][s];
                if (!(c >= 0) || Double.isInfinite(c)) {
                    r[p][s] = Double.POSITIVE_INFINITY;
                } else if (Double.isNaN(best)) {
                    r[p][s] = Double.POSITIVE_INFINITY;
                } else {
                    r[p][s] = c == 0 ? 1 : c / best;
                }
            }
        }
        return r;
    }

    /** rho_s(tau): the fraction of problems on which solver s is within a factor tau of the best. */
    public static double rho(double[][] ratios, int solver, double tau) {
        int within = 0;
        for (double[] problem : ratios) {
            if (problem[solver] <= tau) {
                within++;
            }
        }
        return ratios.length == 0 ? Double.NaN : (double) within / ratios.length;
    }

    /**
     * The area under rho_s over log tau from 1 to {@code tauMax}, divided by log tauMax: the profile is a
     * step function, so the area is exact.
     */
    public static double score(double[][] ratios, int solver, double tauMax) {
        if (!(tauMax > 1)) {
            throw new IllegalArgumentException("a profile's score needs tauMax > 1, got " + tauMax);
        }
        double logMax = Math.log(tauMax);
        double area = 0;
        for (double[] problem : ratios) {
            double r = problem[solver];
            if (r <= tauMax) {
                // Problem p counts for every tau in [r, tauMax].
                area += (logMax - Math.log(Math.max(1, r))) / logMax;
            }
        }
        return ratios.length == 0 ? Double.NaN : area / ratios.length;
    }
}
