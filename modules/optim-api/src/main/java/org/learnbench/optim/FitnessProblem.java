package org.learnbench.optim;

/**
 * A problem that scores a parameter vector with a number to minimise, knowing nothing of gradients:
 * what a genetic algorithm or an evolution strategy needs. A supervised task scores by training loss, a
 * black-box function by its value, a control task by minus the mean episode return.
 *
 * <p>Evaluations go through {@link FitnessEvaluator}s, one per worker thread, so that candidates can be
 * evaluated in parallel; each evaluation charges the run's meter one fitness evaluation and its forward
 * passes.
 */
public interface FitnessProblem extends Problem {
    /** A new evaluator with its own scratch space; use one per thread. */
    FitnessEvaluator evaluator();

    /** At most how many single-sample forward passes one evaluation on the case costs (for budget planning). */
    long forwardSamplesPerEvaluation(FitnessCase fitnessCase);

    /** At most how many environment steps one evaluation takes (0 for problems without episodes). */
    default long envStepsPerEvaluation(FitnessCase fitnessCase) {
        return 0;
    }

    /** How many episodes one evaluation plays (0 for problems without episodes). */
    default long episodesPerEvaluation(FitnessCase fitnessCase) {
        return 0;
    }

    /** True when the fitness of a vector depends on the case (minibatch, noise, episodes). */
    boolean stochastic(FitnessCase fitnessCase);

    /**
     * Where a population method should score its candidates instead of on its own threads: present when the run
     * spreads its evaluations over a cluster. Empty by default.
     */
    default java.util.Optional<PopulationScorer> scorer() {
        return java.util.Optional.empty();
    }

    /** Scores vectors; not thread-safe (one per worker), but evaluations on the same case agree exactly. */
    interface FitnessEvaluator {
        double fitness(double[] parameters, FitnessCase fitnessCase);
    }
}
