package org.learnbench.optim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.learnbench.matrix.MatrixOps;

/**
 * The one loop that runs every optimizer: it owns the budget and the bookkeeping, so that no optimizer
 * reports its own cost.
 *
 * <p>It builds the run's context (seed streams, meter, arithmetic), lets the problem factory build the
 * problem on it, starts the optimizer's search, records a checkpoint at iteration 0, then advances the
 * search one iteration at a time until the budget is spent, the target is reached, the optimizer stops
 * itself, or the objective stops being finite (DIVERGED: recorded, never thrown). The last checkpoint is
 * always taken on the solution the run keeps.
 */
public final class RunLoop {
    private RunLoop() {}

    public static <P extends Problem> RunResult run(
            Optimizer<? super P> optimizer,
            ProblemFactory<? extends P> factory,
            RunSettings settings,
            List<RunListener> listeners) {
        return run(optimizer, factory, settings, listeners, System::nanoTime);
    }

    /** As {@link #run(Optimizer, ProblemFactory, RunSettings, List)} with an explicit clock (for tests). */
    public static <P extends Problem> RunResult run(
            Optimizer<? super P> optimizer,
            ProblemFactory<? extends P> factory,
            RunSettings settings,
            List<RunListener> listeners,
            LongSupplier nanoTime) {
        MatrixOps ops = MatrixOps.withThreads(settings.threads());
        MatrixOps monitorOps = MatrixOps.withThreads(settings.threads());
        WorkMeter meter = new WorkMeter(settings.budget(), ops, monitorOps, nanoTime);
        RunContext context =
                new RunContext(new SeedStreams(settings.seed()), meter, ops, monitorOps, settings.threads());
        P problem = factory.create(context);
        Search search;
        try {
            search = optimizer.start(problem, context);
        } catch (BudgetExhaustedException e) {
            throw new IllegalArgumentException(
                    "the budget is too small for " + optimizer.name() + " to start: " + e.getMessage(), e);
        }
        try {
            return advance(search, problem, meter, settings, listeners);
        } finally {
            search.close();
        }
    }

    private static RunResult advance(
            Search search, Problem problem, WorkMeter meter, RunSettings settings, List<RunListener> listeners) {
        List<Checkpoint> checkpoints = new ArrayList<>();
        double[] checkpointed = search.solution().clone();
        Checkpoint first = record(checkpoints, listeners, meter, problem, search, checkpointed, Double.NaN);
        Target wanted = settings.budget().target().orElse(null);
        if (wanted != null && !first.metrics().containsKey(wanted.metric())) {
            throw new IllegalArgumentException(
                    "the target metric '" + wanted.metric() + "' is not recorded by this run; it records "
                            + String.join(", ", first.metrics().keySet()));
        }

        Termination termination;
        String detail;
        double objective = Double.NaN;
        boolean checkpointIsCurrent = true;
        Clocks previous = meter.clocks();
        while (true) {
            if (meter.exhausted()) {
                termination = Termination.BUDGET_EXHAUSTED;
                detail = meter.exhaustionReason();
                break;
            }
            StepOutcome outcome;
            try {
                outcome = search.step();
            } catch (BudgetExhaustedException e) {
                termination = Termination.BUDGET_EXHAUSTED;
                detail = e.getMessage();
                checkpointIsCurrent = false;
                break;
            }
            meter.completeIteration();
            objective = outcome.objective();
            checkpointIsCurrent = false;
            Clocks clocks = meter.clocks();
            for (RunListener l : listeners) {
                l.onIteration(clocks.iterations(), objective, clocks);
            }
            if (!Double.isFinite(objective)) {
                termination = Termination.DIVERGED;
                detail = "training objective became " + objective + " at iteration " + clocks.iterations();
                break;
            }
            if (outcome.stop()) {
                termination = Termination.EARLY_STOPPED;
                detail = outcome.reason();
                break;
            }
            Clocks before = previous;
            previous = clocks;
            if (settings.schedule().due(before, clocks)) {
                checkpointed = search.solution().clone();
                Checkpoint c = record(checkpoints, listeners, meter, problem, search, checkpointed, objective);
                checkpointIsCurrent = true;
                String bad = nonFiniteLoss(c.metrics(), problem.metrics());
                if (bad != null) {
                    termination = Termination.DIVERGED;
                    detail = bad + " became " + c.metric(bad) + " at iteration " + c.iteration();
                    break;
                }
                Target target = settings.budget().target().orElse(null);
                if (target != null && target.reachedBy(c.metric(target.metric()))) {
                    termination = Termination.TARGET_REACHED;
                    detail = target.metric() + " reached " + c.metric(target.metric()) + " at iteration "
                            + c.iteration();
                    break;
                }
            }
        }
        double[] kept = search.finalSolution().clone();
        if (!checkpointIsCurrent || !Arrays.equals(kept, checkpointed)) {
            record(checkpoints, listeners, meter, problem, search, kept, objective);
        }
        if (termination != Termination.DIVERGED) {
            String collapse = collapse(checkpoints, problem.metrics());
            if (collapse != null) {
                detail = collapse + " (the run ended: " + detail + ")";
                termination = Termination.COLLAPSED;
            }
        }
        RunResult result = new RunResult(
                termination, detail, checkpoints, meter.clocks(), kept, problem.metrics(), search.statisticMetrics());
        for (RunListener l : listeners) {
            l.onFinish(result);
        }
        return result;
    }

    private static Checkpoint record(
            List<Checkpoint> checkpoints,
            List<RunListener> listeners,
            WorkMeter meter,
            Problem problem,
            Search search,
            double[] solution,
            double objective) {
        Map<String, Double> metrics = new java.util.LinkedHashMap<>(problem.evaluate(solution));
        metrics.putAll(search.statistics());
        Checkpoint c = new Checkpoint(meter.clocks(), objective, metrics);
        checkpoints.add(c);
        for (RunListener l : listeners) {
            l.onCheckpoint(c);
        }
        return c;
    }

    /**
     * How much worse than its best a loss must end for a run to count as collapsed (with the end also
     * worse than the start): far beyond the noise of minibatch training, the signature of a learner that
     * blew up late, as a policy-gradient bandit with a too-large step can.
     */
    public static final double COLLAPSE_FACTOR = 10;

    /** Why the run's kept solution counts as collapsed, or null. */
    static String collapse(List<Checkpoint> checkpoints, List<Metric> problemMetrics) {
        if (checkpoints.size() < 3) {
            return null;
        }
        Checkpoint start = checkpoints.get(0);
        Checkpoint end = checkpoints.get(checkpoints.size() - 1);
        for (Metric m : problemMetrics) {
            if (!m.guardsDivergence()) {
                continue;
            }
            double best = Double.POSITIVE_INFINITY;
            for (Checkpoint c : checkpoints) {
                Double v = c.metrics().get(m.name());
                if (v != null && Double.isFinite(v)) {
                    best = Math.min(best, v);
                }
            }
            Double first = start.metrics().get(m.name());
            Double last = end.metrics().get(m.name());
            if (first == null || last == null || !Double.isFinite(best) || best < 0) {
                continue;
            }
            if (last >= COLLAPSE_FACTOR * best && last > first) {
                return String.format(
                        java.util.Locale.ROOT,
                        "%s collapsed: it ended at %.4g, %.0fx its best of %.4g and worse than its start (%.4g)",
                        m.name(),
                        last,
                        best > 0 ? last / best : Double.POSITIVE_INFINITY,
                        best,
                        first);
            }
        }
        return null;
    }

    /**
     * A training or validation loss of the problem that is not finite (test data never decides how a
     * run ends; an optimizer's own statistics may be NaN before they exist).
     */
    private static String nonFiniteLoss(Map<String, Double> metrics, List<Metric> problemMetrics) {
        for (Metric m : problemMetrics) {
            Double v = metrics.get(m.name());
            if (m.guardsDivergence() && v != null && !Double.isFinite(v)) {
                return m.name();
            }
        }
        return null;
    }
}
