package org.learnbench.optim;

import java.util.function.LongSupplier;
import org.learnbench.matrix.MatrixOps;

/**
 * The run's cost counters and budget guard. Problems charge work here <em>before</em> doing it; a charge
 * that would pass a budget limit throws {@link BudgetExhaustedException}, so no run ever spends more than
 * its budget. FLOPs are read from the run's {@link MatrixOps} counters.
 *
 * <p>Charges come from the thread running the loop or from workers it waits for; counters are
 * synchronized so parallel fitness evaluations may share one meter.
 */
public final class WorkMeter {
    private final Budget budget;
    private final MatrixOps ops;
    private final MatrixOps monitorOps;
    private final LongSupplier nanoTime;
    private final long startNanos;
    private long iterations;
    private long forwardSamples;
    private long backwardSamples;
    private long evaluations;
    private long envSteps;
    private long episodes;
    private long monitorForwardSamples;
    private long monitorEnvSteps;

    public WorkMeter(Budget budget, MatrixOps ops, MatrixOps monitorOps, LongSupplier nanoTime) {
        this.budget = budget;
        this.ops = ops;
        this.monitorOps = monitorOps;
        this.nanoTime = nanoTime;
        this.startNanos = nanoTime.getAsLong();
    }

    public Budget budget() {
        return budget;
    }

    /** Charges a forward pass of {@code samples} samples. */
    public synchronized void chargeForward(long samples) {
        requireNonNegative(samples);
        checkSampleBudget(samples);
        checkWallTime();
        forwardSamples += samples;
    }

    /** Charges a forward and a backward pass of {@code samples} samples (3 sample-forward-passes each). */
    public synchronized void chargeForwardBackward(long samples) {
        requireNonNegative(samples);
        checkSampleBudget(3 * samples);
        checkWallTime();
        forwardSamples += samples;
        backwardSamples += samples;
    }

    /** Charges {@code count} fitness evaluations (their forward passes are charged separately). */
    public synchronized void chargeEvaluations(long count) {
        requireNonNegative(count);
        if (budget.maxEvaluations() > 0 && evaluations + count > budget.maxEvaluations()) {
            throw new BudgetExhaustedException("evaluation budget of " + budget.maxEvaluations() + " reached");
        }
        checkWallTime();
        evaluations += count;
    }

    /**
     * Throws {@link BudgetExhaustedException} unless the budget still has room for this much work. A
     * population method calls it before dispatching a generation to parallel workers, so a generation
     * runs whole or not at all and the clocks never depend on thread timing.
     */
    public synchronized void ensureAvailable(long forwardSamples, long evaluationCount) {
        ensureAvailable(forwardSamples, evaluationCount, 0, 0);
    }

    /** As {@link #ensureAvailable(long, long)}, also for environment steps and episodes (upper bounds). */
    public synchronized void ensureAvailable(long forwardSamples, long evaluationCount, long steps, long episodeCount) {
        requireNonNegative(forwardSamples);
        requireNonNegative(evaluationCount);
        requireNonNegative(steps);
        requireNonNegative(episodeCount);
        checkSampleBudget(forwardSamples);
        if (budget.maxEvaluations() > 0 && evaluations + evaluationCount > budget.maxEvaluations()) {
            throw new BudgetExhaustedException("evaluation budget of " + budget.maxEvaluations() + " reached");
        }
        if (budget.maxEnvSteps() > 0 && envSteps + steps > budget.maxEnvSteps()) {
            throw new BudgetExhaustedException("environment-step budget of " + budget.maxEnvSteps() + " reached");
        }
        if (budget.maxEpisodes() > 0 && episodes + episodeCount > budget.maxEpisodes()) {
            throw new BudgetExhaustedException("episode budget of " + budget.maxEpisodes() + " reached");
        }
        checkWallTime();
    }

    /** Charges {@code steps} environment steps taken for the optimizer. */
    public synchronized void chargeEnvSteps(long steps) {
        requireNonNegative(steps);
        if (budget.maxEnvSteps() > 0 && envSteps + steps > budget.maxEnvSteps()) {
            throw new BudgetExhaustedException("environment-step budget of " + budget.maxEnvSteps() + " reached");
        }
        checkWallTime();
        envSteps += steps;
    }

    /** Charges {@code count} training episodes, before they start. */
    public synchronized void chargeEpisodes(long count) {
        requireNonNegative(count);
        if (budget.maxEpisodes() > 0 && episodes + count > budget.maxEpisodes()) {
            throw new BudgetExhaustedException("episode budget of " + budget.maxEpisodes() + " reached");
        }
        checkWallTime();
        episodes += count;
    }

    /** Records monitoring environment steps (evaluation episodes); never limited by the budget. */
    public synchronized void recordMonitoringEnvSteps(long steps) {
        requireNonNegative(steps);
        monitorEnvSteps += steps;
    }

    /** Records monitoring forward passes (checkpoint metrics); never limited by the budget. */
    public synchronized void recordMonitoring(long samples) {
        requireNonNegative(samples);
        monitorForwardSamples += samples;
    }

    /** Called by the run loop after each completed iteration. */
    synchronized void completeIteration() {
        iterations++;
    }

    /** Why {@link #exhausted()} is true, for the run's termination detail. */
    public synchronized String exhaustionReason() {
        if (budget.maxIterations() > 0 && iterations >= budget.maxIterations()) {
            return "iteration budget of " + budget.maxIterations() + " reached";
        }
        if (budget.maxEpisodes() > 0 && episodes >= budget.maxEpisodes()) {
            return "episode budget of " + budget.maxEpisodes() + " reached";
        }
        if (budget.maxEnvSteps() > 0 && envSteps >= budget.maxEnvSteps()) {
            return "environment-step budget of " + budget.maxEnvSteps() + " reached";
        }
        return wallTimeUp() ? "wall time budget of " + Durations.format(budget.maxWallTime()) + " reached" : "";
    }

    /** True when the iteration, episode or env-step limit or the wall time has been reached exactly. */
    public synchronized boolean exhausted() {
        return (budget.maxIterations() > 0 && iterations >= budget.maxIterations())
                || (budget.maxEpisodes() > 0 && episodes >= budget.maxEpisodes())
                || (budget.maxEnvSteps() > 0 && envSteps >= budget.maxEnvSteps())
                || wallTimeUp();
    }

    public synchronized Clocks clocks() {
        return new Clocks(
                iterations,
                forwardSamples,
                backwardSamples,
                evaluations,
                envSteps,
                episodes,
                ops.flops(),
                nanoTime.getAsLong() - startNanos,
                monitorForwardSamples,
                monitorOps.flops(),
                monitorEnvSteps);
    }

    private void checkSampleBudget(long sampleForwardPasses) {
        long limit = budget.maxSampleForwardPasses();
        long spent = forwardSamples + 2 * backwardSamples;
        if (limit > 0 && spent + sampleForwardPasses > limit) {
            throw new BudgetExhaustedException("sample-forward-pass budget of " + limit + " reached");
        }
    }

    private void checkWallTime() {
        if (wallTimeUp()) {
            throw new BudgetExhaustedException(
                    "wall time budget of " + Durations.format(budget.maxWallTime()) + " reached");
        }
    }

    private boolean wallTimeUp() {
        return budget.maxWallTime() != null
                && nanoTime.getAsLong() - startNanos >= budget.maxWallTime().toNanos();
    }

    private static void requireNonNegative(long count) {
        if (count < 0) {
            throw new IllegalArgumentException("cannot charge a negative amount of work: " + count);
        }
    }
}
