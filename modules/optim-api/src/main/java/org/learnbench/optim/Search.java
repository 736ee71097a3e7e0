package org.learnbench.optim;

/**
 * One optimizer working on one problem: the mutable state that the run loop advances.
 *
 * <p>One {@link #step} is the optimizer's natural iteration: an epoch for gradient descent, a
 * generation for a genetic algorithm, an update for a policy-gradient learner.
 */
public interface Search {
    /** Performs one iteration. May be cut short by the budget (the meter throws, the loop catches). */
    StepOutcome step();

    /** The parameters that represent the search now (current point, or best so far for a population). */
    double[] solution();

    /**
     * The parameters to keep when the run ends; by default {@link #solution()}. Early stopping with
     * restore returns the best validated point here.
     */
    default double[] finalSolution() {
        return solution();
    }

    /**
     * The optimizer's own statistics of its current state (for a population: best, mean and spread of
     * fitness, diversity, step size), recorded at each checkpoint after the problem's metrics. The same
     * names at every call, from the start on; empty by default.
     */
    default java.util.Map<String, Double> statistics() {
        return java.util.Map.of();
    }

    /**
     * What each of {@link #statistics()} is; by default a statistic that describes the run and is not
     * judged. Searches whose statistics have a direction (a best fitness) say so.
     */
    default java.util.List<Metric> statisticMetrics() {
        return statistics().keySet().stream().map(n -> Metric.statistic(n, "")).toList();
    }

    /** Releases threads or other resources; called once by the run loop when the run ends. */
    default void close() {}
}
