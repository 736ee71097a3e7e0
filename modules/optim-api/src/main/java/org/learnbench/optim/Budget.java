package org.learnbench.optim;

import java.time.Duration;
import java.util.Optional;

/**
 * How much work a run may do, on one or more clocks; 0 (or a null duration) means no limit on that
 * clock. At least one limit must be set.
 *
 * @param maxIterations epochs, generations or updates
 * @param maxSampleForwardPasses forward passes of single samples, a backward pass counting two
 * @param maxEvaluations fitness evaluations (population methods)
 * @param maxWallTime elapsed time; makes results depend on the machine, so use it for safety only
 * @param target optional target that ends the run early
 */
public record Budget(
        long maxIterations,
        long maxSampleForwardPasses,
        long maxEvaluations,
        Duration maxWallTime,
        Optional<Target> target) {
    public Budget {
        if (maxIterations < 0 || maxSampleForwardPasses < 0 || maxEvaluations < 0) {
            throw new IllegalArgumentException("budget limits must be >= 0 (0 = none), got iterations " + maxIterations
                    + ", sample-forward-passes " + maxSampleForwardPasses + ", evaluations " + maxEvaluations);
        }
        if (maxWallTime != null && (maxWallTime.isNegative() || maxWallTime.isZero())) {
            throw new IllegalArgumentException("wall time limit must be positive, got " + maxWallTime);
        }
        target = target == null ? Optional.empty() : target;
        if (maxIterations == 0 && maxSampleForwardPasses == 0 && maxEvaluations == 0 && maxWallTime == null) {
            throw new IllegalArgumentException(
                    "a budget needs at least one limit (iterations, sample-forward-passes, evaluations or wall time)");
        }
    }

    /** A budget of a number of iterations only. */
    public static Budget iterations(long iterations) {
        return new Budget(iterations, 0, 0, null, Optional.empty());
    }

    public Budget withTarget(Target t) {
        return new Budget(maxIterations, maxSampleForwardPasses, maxEvaluations, maxWallTime, Optional.of(t));
    }
}
