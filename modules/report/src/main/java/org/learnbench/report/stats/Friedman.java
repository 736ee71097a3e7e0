package org.learnbench.report.stats;

import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.distribution.FDistribution;
import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/**
 * The Friedman test of k treatments (optimizers) over n blocks (tasks), on ranks within each block, as
 * Demšar (2006) recommends for comparing several algorithms over several tasks.
 */
public final class Friedman {
    private Friedman() {}

    /**
     * The result of a Friedman test.
     *
     * @param averageRanks the average rank of each treatment over the blocks, rank 1 being the best
     * @param statistic the tie-corrected Friedman chi-square statistic
     * @param pValue its p-value from the chi-square distribution with treatments - 1 degrees of freedom
     * @param blocks the number of blocks n
     * @param treatments the number of treatments k
     */
    public record FriedmanResult(double[] averageRanks, double statistic, double pValue, int blocks, int treatments) {
        /** Validates the sizes, the statistic and the p-value, and copies the ranks. */
        public FriedmanResult {
            if (blocks < 2 || treatments < 2) {
                throw new IllegalArgumentException(
                        "Friedman test needs at least 2 blocks and 2 treatments, got " + blocks + " and " + treatments);
            }
            if (averageRanks == null || averageRanks.length != treatments) {
                throw new IllegalArgumentException("Friedman test needs " + treatments + " average ranks, got "
                        + (averageRanks == null ? "null" : String.valueOf(averageRanks.length)));
            }
            if (!(statistic >= 0)) {
                throw new IllegalArgumentException("Friedman statistic must be >= 0, got " + statistic);
            }
            if (!(pValue >= 0 && pValue <= 1)) {
                throw new IllegalArgumentException("Friedman p-value must lie in [0, 1], got " + pValue);
            }
            averageRanks = averageRanks.clone();
        }

        @Override
        public double[] averageRanks() {
            return averageRanks.clone();
        }

        /**
         * The Iman-Davenport statistic F = (n - 1) Q / (n (k - 1) - Q), less conservative than the chi-square
         * Q (Demšar 2006, section 3.2.2); infinite when every block ranks the treatments the same way.
         */
        public double imanDavenportStatistic() {
            double room = blocks * (treatments - 1.0) - statistic;
            return room <= 0 ? Double.POSITIVE_INFINITY : (blocks - 1) * statistic / room;
        }

        /** The p-value of the Iman-Davenport statistic from F with k - 1 and (k - 1)(n - 1) degrees of freedom. */
        public double imanDavenportPValue() {
            double f = imanDavenportStatistic();
            if (Double.isInfinite(f)) {
                return 0;
            }
            FDistribution distribution =
                    new FDistribution(null, treatments - 1.0, (treatments - 1.0) * (blocks - 1.0), 1e-9);
            return 1 - distribution.cumulativeProbability(f);
        }
    }

    /**
     * Tests the matrix {@code values[block][treatment]}, e.g. the median performance of each optimizer on each
     * task. Within each block the treatments are ranked 1 (best) to k, tied values sharing their average rank;
     * {@code higherIsBetter} says whether the largest or the smallest value is the best.
     *
     * <p>With S_j the rank sum of treatment j, Q = [12 / (n k (k + 1)) sum S_j^2 - 3 n (k + 1)] / C, where the
     * tie correction C = 1 - sum(t^3 - t) / (n k (k^2 - 1)) sums over groups of t tied values in every block
     * (as R's {@code friedman.test} and scipy's {@code friedmanchisquare}). When every block is entirely tied,
     * nothing distinguishes the treatments and the result is Q = 0, p = 1.
     */
    public static FriedmanResult test(double[][] values, boolean higherIsBetter) {
        if (values == null || values.length < 2) {
            throw new IllegalArgumentException("Friedman test needs at least 2 blocks, got "
                    + (values == null ? "null" : String.valueOf(values.length)));
        }
        int n = values.length;
        int k = values[0] == null ? 0 : values[0].length;
        if (k < 2) {
            throw new IllegalArgumentException("Friedman test needs at least 2 treatments, got " + k);
        }
        NaturalRanking ranking = new NaturalRanking(NaNStrategy.FAILED, TiesStrategy.AVERAGE);
        double[] rankSums = new double[k];
        double ties = 0;
        for (int i = 0; i < n; i++) {
            if (values[i] == null || values[i].length != k) {
                throw new IllegalArgumentException("every block needs " + k + " treatments, block " + i + " has "
                        + (values[i] == null ? "none" : String.valueOf(values[i].length)));
            }
            Descriptive.requireValues(values[i], "Friedman block " + i, k);
            double[] block = values[i].clone();
            if (higherIsBetter) {
                // Negating turns the ascending ranking into one where the largest value gets rank 1.
                for (int j = 0; j < k; j++) {
                    block[j] = -block[j];
                }
            }
            double[] ranks = ranking.rank(block);
            for (int j = 0; j < k; j++) {
                rankSums[j] += ranks[j];
            }
            ties += PairedTest.tieSum(block);
        }
        double[] averageRanks = new double[k];
        double sumOfSquares = 0;
        for (int j = 0; j < k; j++) {
            averageRanks[j] = rankSums[j] / n;
            sumOfSquares += rankSums[j] * rankSums[j];
        }
        double uncorrected = 12.0 / (n * k * (k + 1.0)) * sumOfSquares - 3.0 * n * (k + 1);
        double correction = 1 - ties / (n * k * (k * (double) k - 1));
        if (correction <= 1e-12) {
            return new FriedmanResult(averageRanks, 0, 1, n, k);
        }
        // Rounding can leave a tiny negative value where the ranks agree perfectly with the null.
        double statistic = Math.max(0, uncorrected / correction);
        double p = 1 - new ChiSquaredDistribution(null, k - 1.0, 1e-9).cumulativeProbability(statistic);
        return new FriedmanResult(averageRanks, statistic, Math.max(0, Math.min(1, p)), n, k);
    }
}
