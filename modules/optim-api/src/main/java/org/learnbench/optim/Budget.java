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
 * @param maxEnvSteps environment steps (control tasks)
 * @param maxEpisodes finished training episodes (control tasks)
 * @param maxWallTime elapsed time; makes results depend on the machine, so use it for safety only
 * @param target optional target that ends the run early
 */
public record Budget(
        long maxIterations,
        long maxSampleForwardPasses,
        long maxEvaluations,
        long maxEnvSteps,
        long maxEpisodes,
        Duration maxWallTime,
        Optional<Target> target) {
    public Budget {
        if (maxIterations < 0
                || maxSampleForwardPasses < 0
                || maxEvaluations < 0
                || maxEnvSteps < 0
                || maxEpisodes < 0) {
            throw new IllegalArgumentException("budget limits must be >= 0 (0 = none), got iterations " + maxIterations
                    + ", sample-forward-passes " + maxSampleForwardPasses + ", evaluations " + maxEvaluations
                    + ", env steps " + maxEnvSteps + ", episodes " + maxEpisodes);
        }
        if (maxWallTime != null && (maxWallTime.isNegative() || maxWallTime.isZero())) {
            throw new IllegalArgumentException("wall time limit must be positive, got " + maxWallTime);
        }
        target = target == null ? Optional.empty() : target;
        if (maxIterations == 0
                && maxSampleForwardPasses == 0
                && maxEvaluations == 0
                && maxEnvSteps == 0
                && maxEpisodes == 0
                && maxWallTime == null) {
            throw new IllegalArgumentException("a budget needs at least one limit (iterations, sample-forward-passes, "
                    + "evaluations, env steps, episodes or wall time)");
        }
    }

    /** A budget on the clocks of supervised and black-box tasks. */
    public Budget(
            long maxIterations,
            long maxSampleForwardPasses,
            long maxEvaluations,
            Duration maxWallTime,
            Optional<Target> target) {
        this(maxIterations, maxSampleForwardPasses, maxEvaluations, 0, 0, maxWallTime, target);
    }

    /** A budget of a number of iterations only. */
    public static Budget iterations(long iterations) {
        return new Budget(iterations, 0, 0, null, Optional.empty());
    }

    /**
     * The share of this budget the clocks have used, in [0, 1]: the largest share over the limited clocks
     * (the run ends when the first limit is reached). A target may end a run sooner; it is not counted.
     */
    public double fractionUsed(Clocks clocks) {
        double f = 0;
        f = Math.max(f, share(clocks.iterations(), maxIterations));
        f = Math.max(f, share(clocks.sampleForwardPasses(), maxSampleForwardPasses));
        f = Math.max(f, share(clocks.evaluations(), maxEvaluations));
        f = Math.max(f, share(clocks.envSteps(), maxEnvSteps));
        f = Math.max(f, share(clocks.episodes(), maxEpisodes));
        if (maxWallTime != null) {
            f = Math.max(f, share(clocks.wallNanos(), maxWallTime.toNanos()));
        }
        return Math.min(1, f);
    }

    private static double share(long used, long limit) {
        return limit > 0 ? (double) used / limit : 0;
    }

    public Budget withTarget(Target t) {
        return new Budget(
                maxIterations,
                maxSampleForwardPasses,
                maxEvaluations,
                maxEnvSteps,
                maxEpisodes,
                maxWallTime,
                Optional.of(t));
    }
}
