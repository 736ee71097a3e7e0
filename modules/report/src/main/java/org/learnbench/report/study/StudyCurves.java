package org.learnbench.report.study;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.learnbench.optim.Checkpoint;
import org.learnbench.report.stats.Curve;
import org.learnbench.report.stats.FixedBudget;

/** Reading run curves of one task and metric against a clock, and the grids to compare them on. */
final class StudyCurves {
    private StudyCurves() {}

    /**
     * Per optimizer (in the order the runs list them), the curve of {@code metric} against {@code clock} of
     * each of its runs on {@code task} that recorded a checkpoint. An optimizer appears only if at least one
     * of its runs has a finite value of the metric; its other runs stay in, since for fixed-target counts a
     * run that never produced a value is a run that never reached the target.
     *
     * @throws IllegalArgumentException naming the task or metric when there is no finite value to plot
     */
    static Map<String, List<Curve>> byOptimizer(List<RunCurve> runs, String task, String metric, Clock clock) {
        List<RunCurve> ofTask = ofTask(runs, task);
        if (metric == null || metric.isBlank() || clock == null) {
            throw new IllegalArgumentException(
                    "study chart needs a metric and a clock, got " + metric + " and " + clock);
        }
        Map<String, List<Curve>> curves = new LinkedHashMap<>();
        Set<String> withValues = new LinkedHashSet<>();
        for (RunCurve run : ofTask) {
            Curve curve = curve(run, metric, clock);
            if (curve == null) {
                continue;
            }
            curves.computeIfAbsent(run.optimizer(), k -> new ArrayList<>()).add(curve);
            if (Arrays.stream(curve.values()).anyMatch(Double::isFinite)) {
                withValues.add(run.optimizer());
            }
        }
        curves.keySet().retainAll(withValues);
        if (curves.isEmpty()) {
            throw new IllegalArgumentException("no finite values of metric " + metric + " in the runs of task " + task
                    + "; the metrics recorded there are " + metricsOf(ofTask));
        }
        return curves;
    }

    /** The runs of {@code task}, rejecting a task without runs with a message naming the tasks there are. */
    static List<RunCurve> ofTask(List<RunCurve> runs, String task) {
        if (runs == null || runs.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("study chart needs a list of runs without nulls, got " + runs);
        }
        List<RunCurve> ofTask = runs.stream().filter(r -> r.task().equals(task)).toList();
        if (ofTask.isEmpty()) {
            Set<String> tasks = new LinkedHashSet<>();
            runs.forEach(r -> tasks.add(r.task()));
            throw new IllegalArgumentException("no runs of task " + task + "; the runs are of tasks " + tasks);
        }
        return ofTask;
    }

    private static Set<String> metricsOf(List<RunCurve> runs) {
        Set<String> names = new LinkedHashSet<>();
        for (RunCurve run : runs) {
            for (Checkpoint c : run.checkpoints()) {
                names.addAll(c.metrics().keySet());
            }
        }
        return names;
    }

    /**
     * The curve of one run, or null if it recorded no checkpoint. Checkpoints taken at the same clock value
     * (a clock the optimizer does not advance, such as evaluations for backprop) collapse to the last of
     * them, which is what "the last value recorded at or before" means there. Infinite values become NaN:
     * they mark a diverged run as much as NaN does, and cannot be drawn.
     */
    static Curve curve(RunCurve run, String metric, Clock clock) {
        List<Checkpoint> checkpoints = run.checkpoints();
        if (checkpoints.isEmpty()) {
            return null;
        }
        double[] budgets = new double[checkpoints.size()];
        double[] values = new double[checkpoints.size()];
        int n = 0;
        for (int i = 0; i < checkpoints.size(); i++) {
            Checkpoint c = checkpoints.get(i);
            double budget = clock.of(c.clocks());
            double value = c.metric(metric);
            value = Double.isFinite(value) ? value : Double.NaN;
            if (n > 0 && budget < budgets[n - 1]) {
                throw new IllegalArgumentException("clock " + clock.label() + " goes back from " + budgets[n - 1]
                        + " to " + budget + " at checkpoint " + i + " of " + run.optimizer() + " on " + run.task()
                        + " seed " + run.seed());
            }
            if (n > 0 && budget == budgets[n - 1]) {
                values[n - 1] = value;
            } else {
                budgets[n] = budget;
                values[n] = value;
                n++;
            }
        }
        return new Curve(Arrays.copyOf(budgets, n), Arrays.copyOf(values, n));
    }

    /**
     * The clock values to read {@code curves} at: {@code points} values, log-spaced when {@code log}, from the
     * earliest checkpoint (the earliest positive one on a log axis) to the smallest final clock value among
     * the curves, so no run is read beyond what it recorded. Empty when nothing can be drawn, as on a log
     * axis for a clock that a run never advanced.
     */
    static double[] grid(List<Curve> curves, boolean log, int points) {
        double start = Double.POSITIVE_INFINITY;
        double end = Double.POSITIVE_INFINITY;
        for (Curve curve : curves) {
            end = Math.min(end, curve.finalBudget());
            for (double b : curve.budgets()) {
                if (!log || b > 0) {
                    start = Math.min(start, b);
                    break;
                }
            }
        }
        if (log && !(end > 0) || start == Double.POSITIVE_INFINITY) {
            return new double[0];
        }
        if (start >= end) {
            return new double[] {end};
        }
        if (!log && start == Math.rint(start) && end == Math.rint(end)) {
            // A whole-number clock (epochs, generations, episodes) is read at whole numbers, so that the
            // chart's ticks, which XChart puts on equally spaced data points, read as whole numbers too.
            long step = Math.max(1, (long) Math.ceil((end - start) / (points - 1.0)));
            int n = (int) Math.ceil((end - start) / step) + 1;
            double[] whole = new double[n];
            for (int i = 0; i < n; i++) {
                whole[i] = Math.min(end, start + (double) i * step);
            }
            return whole;
        }
        double[] grid = new double[points];
        for (int i = 0; i < points; i++) {
            double t = i / (points - 1.0);
            grid[i] = log ? start * Math.pow(end / start, t) : start + (end - start) * t;
        }
        // Rounding must not push the last point past the shortest run.
        grid[0] = start;
        grid[points - 1] = end;
        for (int i = 1; i < points; i++) {
            grid[i] = Math.min(grid[i], end);
        }
        return grid;
    }

    /**
     * Like {@link #grid}, but running to the largest final clock value among the curves (the slowest seed)
     * instead of the smallest: for clocks such as wall time on which seeds end at different values, read
     * with {@link #runningValuesAt}.
     */
    static double[] gridToSlowest(List<Curve> curves, boolean log, int points) {
        if (curves.isEmpty()) {
            return new double[0];
        }
        Curve slowest = curves.get(0);
        for (Curve c : curves) {
            if (c.finalBudget() > slowest.finalBudget()) {
                slowest = c;
            }
        }
        double[] grid = grid(curves, log, points);
        if (grid.length == 0) {
            return grid;
        }
        // The same grid with the end moved out: built from a list in which every curve ends at the slowest.
        double start = grid[0];
        double end = slowest.finalBudget();
        if (!(end > start)) {
            return grid;
        }
        return grid(List.of(new Curve(new double[] {start, end}, new double[] {0, 0})), log, points);
    }

    /** How many of {@code curves} are running at {@code budget}: started at or before it, not ended before it. */
    static int running(List<Curve> curves, double budget) {
        int n = 0;
        for (Curve c : curves) {
            if (c.size() > 0 && c.budgets()[0] <= budget && budget <= c.finalBudget()) {
                n++;
            }
        }
        return n;
    }

    /**
     * The finite values at {@code budget} of the curves still running then (see {@link #running}), each the
     * value of its last checkpoint at or before it: a seed that has ended is left out rather than held at its
     * last value, so the median at a time is over the seeds that reached that time.
     */
    static double[] runningValuesAt(List<Curve> curves, double budget) {
        return curves.stream()
                .filter(c -> c.size() > 0 && c.budgets()[0] <= budget && budget <= c.finalBudget())
                .mapToDouble(c -> FixedBudget.valueAt(c, budget))
                .filter(Double::isFinite)
                .toArray();
    }

    /** The finite values of {@code curves} at {@code budget}, each the last recorded at or before it. */
    static double[] finiteValuesAt(List<Curve> curves, double budget) {
        return curves.stream()
                .mapToDouble(c -> FixedBudget.valueAt(c, budget))
                .filter(Double::isFinite)
                .toArray();
    }
}
