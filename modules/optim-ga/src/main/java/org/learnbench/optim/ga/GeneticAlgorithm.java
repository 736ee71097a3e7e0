package org.learnbench.optim.ga;

import java.util.Objects;
import java.util.Optional;
import org.learnbench.optim.FitnessProblem;
import org.learnbench.optim.Optimizer;
import org.learnbench.optim.RunContext;
import org.learnbench.optim.Search;

/**
 * A generational genetic algorithm on real vectors (a network's flat parameter vector or a black-box
 * point), minimising the problem's fitness. One iteration is one generation: the elites are carried
 * unchanged; every other child comes from selected parents by crossover (with its probability) and
 * Gaussian mutation, clipped to the bounds if any; then the new population is evaluated, in parallel
 * and identically for any thread count.
 *
 * <p>With a stochastic fitness (minibatches, noise, episodes) every member, elites included, is scored
 * on the generation's cases, drawn from the run's "fitness" stream and shared by all candidates; each
 * candidate's fitness is the mean over {@code evaluationsPerCandidate} cases, and the best
 * {@code eliteCandidates} get {@code eliteReevaluations} extra cases before the elites are chosen. All
 * evaluations are charged to the budget.
 *
 * @param population individuals per generation (>= 2)
 * @param elites individuals carried unchanged into the next generation (< population)
 * @param crossoverProbability chance that a child is recombined from two parents (else a copy of one)
 * @param initNoise sd of extra Gaussian noise added to the initial population (0 = none)
 * @param fitnessBatch training samples per fitness evaluation for supervised problems; 0 = all
 * @param evaluationsPerCandidate fitness cases averaged per candidate when the fitness is stochastic
 * @param eliteCandidates best candidates that compete for the elite slots after re-evaluation
 * @param eliteReevaluations extra cases for each elite candidate (stochastic fitness only)
 * @param steadyGenerations stop after this many generations without improving the best so far by more
 *     than {@code steadyTolerance}; 0 = never
 */
public record GeneticAlgorithm(
        int population,
        int elites,
        Selection selection,
        Crossover crossover,
        double crossoverProbability,
        Mutation mutation,
        Optional<Bounds> bounds,
        double initNoise,
        int fitnessBatch,
        int evaluationsPerCandidate,
        int eliteCandidates,
        int eliteReevaluations,
        int steadyGenerations,
        double steadyTolerance)
        implements Optimizer<FitnessProblem> {

    public GeneticAlgorithm {
        Objects.requireNonNull(selection, "selection");
        Objects.requireNonNull(crossover, "crossover");
        Objects.requireNonNull(mutation, "mutation");
        bounds = bounds == null ? Optional.empty() : bounds;
        if (population < 2) {
            throw new IllegalArgumentException("population must be >= 2, got " + population);
        }
        if (elites < 0 || elites >= population) {
            throw new IllegalArgumentException(
                    "elites must be in [0, population) = [0, " + population + "), got " + elites);
        }
        if (selection instanceof Selection.Tournament t && t.size() > population) {
            throw new IllegalArgumentException(
                    "tournament size must be <= population (" + population + "), got " + t.size());
        }
        if (selection instanceof Selection.Truncation t && t.top() > population) {
            throw new IllegalArgumentException(
                    "truncation top must be <= population (" + population + "), got " + t.top());
        }
        if (!(crossoverProbability >= 0 && crossoverProbability <= 1)) {
            throw new IllegalArgumentException("crossover probability must be in [0, 1], got " + crossoverProbability);
        }
        if (!(initNoise >= 0)) {
            throw new IllegalArgumentException("initial noise must be >= 0, got " + initNoise);
        }
        if (fitnessBatch < 0) {
            throw new IllegalArgumentException(
                    "fitness batch must be >= 1 (or 0 for all samples), got " + fitnessBatch);
        }
        if (evaluationsPerCandidate < 1) {
            throw new IllegalArgumentException(
                    "evaluations per candidate must be >= 1, got " + evaluationsPerCandidate);
        }
        if (eliteCandidates < elites || eliteCandidates > population) {
            throw new IllegalArgumentException("elite candidates must be in [elites, population] = [" + elites + ", "
                    + population + "], got " + eliteCandidates);
        }
        if (eliteReevaluations < 0 || steadyGenerations < 0 || !(steadyTolerance >= 0)) {
            throw new IllegalArgumentException("elite re-evaluations, steady generations and steady tolerance must be "
                    + ">= 0, got " + eliteReevaluations + ", " + steadyGenerations + ", " + steadyTolerance);
        }
    }

    @Override
    public String name() {
        return "genetic";
    }

    @Override
    public String iterationName() {
        return "generation";
    }

    @Override
    public Class<FitnessProblem> problemType() {
        return FitnessProblem.class;
    }

    @Override
    public Search start(FitnessProblem problem, RunContext context) {
        return new Generations(this, problem, context);
    }
}
