package org.learnbench.optim.ga;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * Each random operator against its closed form, at fixed seeds. Tolerances are about four standard
 * errors of the estimate, so a correct operator passes and a wrong formula (an off-by-one rank, a
 * variance of sigma instead of sigma^2) fails.
 */
class OperatorStatisticsTest {
    private static final int DRAWS = 200_000;

    /** Fitness 0, 1, ..., n-1 in scrambled order: rank r is the index holding value r. */
    private static double[] scrambledFitness(int n) {
        double[] f = new double[n];
        for (int i = 0; i < n; i++) {
            f[i] = (i * 7) % n;
        }
        return f;
    }

    private static double[] frequencies(int[] picks, double[] fitness) {
        double[] byRank = new double[fitness.length];
        for (int p : picks) {
            byRank[(int) fitness[p]] += 1.0 / picks.length;
        }
        return byRank;
    }

    private static void assertProbabilities(double[] expected, double[] observed, int draws, String what) {
        for (int r = 0; r < expected.length; r++) {
            double se = Math.sqrt(expected[r] * (1 - expected[r]) / draws);
            assertEquals(expected[r], observed[r], 4 * se + 1e-12, what + ", rank " + r);
        }
    }

    @Test
    void tournamentSelectionPressureMatchesItsClosedForm() {
        // With replacement, P(rank r wins a tournament of k among N) = ((N-r)^k - (N-r-1)^k) / N^k.
        int n = 10;
        for (int k : new int[] {1, 2, 3, 5}) {
            double[] fitness = scrambledFitness(n);
            int[] picks = new Selection.Tournament(k).select(fitness, DRAWS, new SplittableRandom(k));
            double[] expected = new double[n];
            for (int r = 0; r < n; r++) {
                expected[r] = (Math.pow(n - r, k) - Math.pow(n - r - 1, k)) / Math.pow(n, k);
            }
            assertProbabilities(expected, frequencies(picks, fitness), DRAWS, "tournament " + k);
        }
    }

    @Test
    void truncationIsUniformOverTheTopAndNeverPicksTheRest() {
        double[] fitness = scrambledFitness(20);
        double[] observed =
                frequencies(new Selection.Truncation(5).select(fitness, DRAWS, new SplittableRandom(2)), fitness);
        double[] expected = new double[20];
        for (int r = 0; r < 5; r++) {
            expected[r] = 0.2;
        }
        assertProbabilities(expected, observed, DRAWS, "truncation");
    }

    @Test
    void rouletteIsProportionalToDistanceFromTheWorst() {
        double[] fitness = scrambledFitness(6); // weights 5,4,3,2,1,0 by rank
        double[] observed =
                frequencies(new Selection.Roulette().select(fitness, DRAWS, new SplittableRandom(3)), fitness);
        assertProbabilities(
                new double[] {5 / 15.0, 4 / 15.0, 3 / 15.0, 2 / 15.0, 1 / 15.0, 0}, observed, DRAWS, "roulette");
    }

    @Test
    void stochasticUniversalSamplingGivesEachItsExpectedCountRoundedUpOrDown() {
        double[] fitness = {0.0, 1.0, 3.0, 7.0, 10.0}; // weights 10, 9, 7, 3, 0 of 29
        int count = 17;
        for (int seed = 0; seed < 200; seed++) {
            int[] picks = new Selection.StochasticUniversal().select(fitness, count, new SplittableRandom(seed));
            int[] counts = new int[fitness.length];
            for (int p : picks) {
                counts[p]++;
            }
            double[] weights = {10, 9, 7, 3, 0};
            for (int i = 0; i < weights.length; i++) {
                double expected = count * weights[i] / 29;
                assertTrue(
                        counts[i] == Math.floor(expected) || counts[i] == Math.ceil(expected),
                        "seed " + seed + ": index " + i + " chosen " + counts[i] + " times, expected " + expected);
            }
        }
    }

    @Test
    void linearRankMatchesBakersProbabilities() {
        int n = 8;
        double s = 1.7;
        double[] fitness = scrambledFitness(n);
        int[] picks = new int[0];
        // SUS in batches of n: collect many batches to estimate the marginal probabilities.
        RandomGenerator random = new SplittableRandom(4);
        double[] observed = new double[n];
        int batches = DRAWS / n;
        for (int b = 0; b < batches; b++) {
            picks = new Selection.LinearRank(s).select(fitness, n, random);
            double[] f = frequencies(picks, fitness);
            for (int r = 0; r < n; r++) {
                observed[r] += f[r] / batches;
            }
        }
        double[] expected = new double[n];
        for (int r = 0; r < n; r++) {
            int worstFirst = n - 1 - r;
            expected[r] = (2 - s) / n + 2.0 * worstFirst * (s - 1) / (n * (n - 1.0));
        }
        // SUS is less variable than independent draws, so the binomial bound is conservative.
        assertProbabilities(expected, observed, DRAWS, "linear rank");
        assertEquals(n, picks.length);
    }

    @Test
    void gaussianMutationHasTheConfiguredMeanVarianceAndRate() {
        Mutation m = new Mutation(0.3, 0.25, Mutation.Schedule.CONSTANT, 1, 0, 0);
        double[] genes = new double[DRAWS];
        m.apply(genes, m.sigmaAt(0), new SplittableRandom(5));
        int mutated = 0;
        double sum = 0;
        double sumSq = 0;
        for (double g : genes) {
            if (g != 0) {
                mutated++;
                sum += g;
                sumSq += g * g;
            }
        }
        double rate = (double) mutated / DRAWS;
        assertEquals(0.25, rate, 4 * Math.sqrt(0.25 * 0.75 / DRAWS));
        double mean = sum / mutated;
        double variance = sumSq / mutated - mean * mean;
        assertEquals(0, mean, 4 * 0.3 / Math.sqrt(mutated));
        // The sample variance of n normals has sd sigma^2 sqrt(2/(n-1)).
        assertEquals(0.09, variance, 4 * 0.09 * Math.sqrt(2.0 / (mutated - 1)));
    }

    @Test
    void selfAdaptationIsLogNormalWithTheConfiguredTau() {
        Mutation m = new Mutation(1.0, 1.0, Mutation.Schedule.SELF_ADAPTIVE, 1, 0, 0.2);
        RandomGenerator random = new SplittableRandom(6);
        double sum = 0;
        double sumSq = 0;
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            double log = Math.log(m.adapt(2.0, 100, random) / 2.0);
            sum += log;
            sumSq += log * log;
        }
        double mean = sum / n;
        assertEquals(0, mean, 4 * 0.2 / Math.sqrt(n));
        assertEquals(0.04, sumSq / n - mean * mean, 4 * 0.04 * Math.sqrt(2.0 / n));
        // tau 0 means 1/sqrt(d).
        Mutation auto = new Mutation(1.0, 1.0, Mutation.Schedule.SELF_ADAPTIVE, 1, 0, 0);
        double s = 0;
        for (int i = 0; i < n; i++) {
            double log = Math.log(auto.adapt(1.0, 25, random));
            s += log * log;
        }
        assertEquals(1.0 / 25, s / n, 4 * (1.0 / 25) * Math.sqrt(2.0 / n));
    }

    @Test
    void crossoversMixTheParentsAsDefined() {
        RandomGenerator random = new SplittableRandom(7);
        int d = 50;
        double[] a = new double[d];
        double[] b = new double[d];
        for (int i = 0; i < d; i++) {
            a[i] = i;
            b[i] = -1 - i;
        }
        double[] child = new double[d];
        int fromA = 0;
        int trials = 2000;
        for (int t = 0; t < trials; t++) {
            new Crossover.Uniform().cross(a, b, child, random);
            for (int i = 0; i < d; i++) {
                assertTrue(child[i] == a[i] || child[i] == b[i]);
                fromA += child[i] == a[i] ? 1 : 0;
            }
        }
        double share = (double) fromA / (trials * d);
        assertEquals(0.5, share, 4 * Math.sqrt(0.25 / (trials * d)));

        for (int points : new int[] {1, 3}) {
            new Crossover.MultiPoint(points).cross(a, b, child, random);
            int switches = 0;
            assertEquals(a[0], child[0], "segments start with the first parent");
            for (int i = 1; i < d; i++) {
                if ((child[i] == a[i]) != (child[i - 1] == a[i - 1])) {
                    switches++;
                }
            }
            assertEquals(points, switches);
        }

        new Crossover.Arithmetic().cross(a, b, child, random);
        double w = (child[0] - b[0]) / (a[0] - b[0]);
        for (int i = 0; i < d; i++) {
            assertEquals(w * a[i] + (1 - w) * b[i], child[i], 1e-12);
        }

        double alpha = 0.5;
        double below = 0;
        for (int t = 0; t < trials; t++) {
            new Crossover.Blend(alpha).cross(a, b, child, random);
            for (int i = 0; i < d; i++) {
                double lo = b[i];
                double hi = a[i];
                double spread = alpha * (hi - lo);
                assertTrue(child[i] >= lo - spread && child[i] <= hi + spread);
                below += child[i] < lo ? 1 : 0;
            }
        }
        // Uniform over [lo - a d, hi + a d]: the share below lo is alpha / (1 + 2 alpha) = 0.25.
        assertEquals(0.25, below / (trials * d), 4 * Math.sqrt(0.25 * 0.75 / (trials * d)));
    }
}
