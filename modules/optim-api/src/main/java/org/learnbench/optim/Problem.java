package org.learnbench.optim;

import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * What every optimizer is given: a real parameter vector to improve, a way to draw a starting point,
 * and the metrics a checkpoint records for a candidate.
 *
 * <p>Problems charge all the work they do for an optimizer to the run's {@link WorkMeter}, so the run
 * loop counts cost itself. {@link #evaluate} is monitoring (train, validation and test metrics for the
 * record): it is counted on separate clocks and never charged to the budget.
 */
public interface Problem {
    /** Number of parameters. */
    int dimension();

    /** A starting point drawn from the problem's own initialiser (a network's initialiser, say). */
    double[] initialParameters(RandomGenerator random);

    /**
     * Monitoring metrics of a parameter vector, in a stable order, named like "train_loss",
     * "validation_accuracy" or "test_rmse".
     */
    Map<String, Double> evaluate(double[] parameters);

    /** What each metric {@link #evaluate} returns is, in order (for CSV headers before the first checkpoint). */
    java.util.List<Metric> metrics();

    /** The names of {@link #metrics()}, in order. */
    default java.util.List<String> metricNames() {
        return metrics().stream().map(Metric::name).toList();
    }
}
