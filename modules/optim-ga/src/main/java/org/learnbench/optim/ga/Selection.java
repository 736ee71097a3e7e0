package org.learnbench.optim.ga;

import java.util.random.RandomGenerator;

/**
 * Parent selection for minimisation: picks indices of the population, with replacement, favouring low
 * fitness values. The operators users of Jenetics and DEAP expect: tournament, truncation, roulette
 * (fitness-proportional), stochastic universal sampling and linear ranking.
 */
public sealed interface Selection {
    /**
     * Indices of {@code count} selected parents.
     *
     * @param fitness the population's fitness values (lower is better), all finite or +infinity
     */
    int[] select(double[] fitness, int count, RandomGenerator random);

    /** The best of {@code size} individuals drawn uniformly with replacement. */
    record Tournament(int size) implements Selection {
        public Tournament {
            if (size < 1) {
                throw new IllegalArgumentException("tournament size must be >= 1, got " + size);
            }
        }

        @Override
        public int[] select(double[] fitness, int count, RandomGenerator random) {
            int[] chosen = new int[count];
            for (int c = 0; c < count; c++) {
                int best = random.nextInt(fitness.length);
                for (int i = 1; i < size; i++) {
                    int other = random.nextInt(fitness.length);
                    if (Ranking.better(fitness[other], fitness[best])) {
                        best = other;
                    }
                }
                chosen[c] = best;
            }
            return chosen;
        }
    }

    /** Uniformly among the {@code top} best individuals (the Deep GA's selection). */
    record Truncation(int top) implements Selection {
        public Truncation {
            if (top < 1) {
                throw new IllegalArgumentException("truncation needs top >= 1, got " + top);
            }
        }

        @Override
        public int[] select(double[] fitness, int count, RandomGenerator random) {
            int[] ranked = Ranking.bestFirst(fitness);
            int t = Math.min(top, fitness.length);
            int[] chosen = new int[count];
            for (int c = 0; c < count; c++) {
                chosen[c] = ranked[random.nextInt(t)];
            }
            return chosen;
        }
    }

    /**
     * Fitness-proportional selection for minimisation, with independent spins: weight w_i = f_worst - f_i,
     * so the worst individual is never picked unless all are equal (then the choice is uniform).
     */
    record Roulette() implements Selection {
        @Override
        public int[] select(double[] fitness, int count, RandomGenerator random) {
            double[] cumulative = Ranking.cumulative(Ranking.proportionalWeights(fitness));
            double total = cumulative[cumulative.length - 1];
            int[] chosen = new int[count];
            for (int c = 0; c < count; c++) {
                chosen[c] = Ranking.find(cumulative, random.nextDouble() * total);
            }
            return chosen;
        }
    }

    /**
     * Stochastic universal sampling (Baker 1987): the roulette's weights, sampled with {@code count}
     * equally spaced pointers and one random offset, so each individual is chosen floor or ceil of its
     * expected number of times. The chosen indices are shuffled so that pairs for crossover are random.
     */
    record StochasticUniversal() implements Selection {
        @Override
        public int[] select(double[] fitness, int count, RandomGenerator random) {
            double[] cumulative = Ranking.cumulative(Ranking.proportionalWeights(fitness));
            return Ranking.universal(cumulative, count, random);
        }
    }

    /**
     * Linear ranking (Baker 1985) with selective pressure s in [1, 2]: the individual of rank i (0 = worst,
     * N-1 = best) is chosen with probability (2 - s)/N + 2 i (s - 1) / (N (N - 1)); sampled universally.
     */
    record LinearRank(double pressure) implements Selection {
        public LinearRank {
            if (!(pressure >= 1 && pressure <= 2)) {
                throw new IllegalArgumentException("linear rank pressure must be in [1, 2], got " + pressure);
            }
        }

        @Override
        public int[] select(double[] fitness, int count, RandomGenerator random) {
            int n = fitness.length;
            int[] bestFirst = Ranking.bestFirst(fitness);
            double[] weights = new double[n];
            for (int r = 0; r < n; r++) {
                int worstFirstRank = n - 1 - r;
                weights[bestFirst[r]] =
                        n == 1 ? 1 : (2 - pressure) / n + 2.0 * worstFirstRank * (pressure - 1) / (n * (n - 1.0));
            }
            return Ranking.universal(Ranking.cumulative(weights), count, random);
        }
    }
}
