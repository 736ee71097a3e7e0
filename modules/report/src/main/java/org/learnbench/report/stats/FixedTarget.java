package org.learnbench.report.stats;

import java.util.List;

/**
 * Fixed-target reading of run curves: when each run first reached a target, how many did, and the expected
 * running time (ERT) as defined by COCO (Hansen et al., "COCO: Performance assessment").
 */
public final class FixedTarget {
    private FixedTarget() {}

    /** Which side of the target counts as reaching it. */
    public enum Direction {
        /** The target is reached when the value is at most the target (losses, errors). */
        LOWER_IS_BETTER,
        /** The target is reached when the value is at least the target (accuracy, return). */
        HIGHER_IS_BETTER;

        boolean reaches(double value, double target) {
            return this == LOWER_IS_BETTER ? value <= target : value >= target;
        }
    }

    /**
     * The fixed-target summary of a set of runs.
     *
     * @param hittingBudgets per run, the first budget at which it reached the target, NaN if it never did
     * @param successes the number of runs that reached the target
     * @param successRate successes divided by the number of runs
     * @param ert the expected running time; +infinity when no run succeeded
     */
    public record Result(double[] hittingBudgets, int successes, double successRate, double ert) {
        /** Validates consistency of the counts and copies the budgets. */
        public Result {
            if (hittingBudgets == null || hittingBudgets.length == 0) {
                throw new IllegalArgumentException("fixed-target result needs at least 1 run");
            }
            if (successes < 0 || successes > hittingBudgets.length) {
                throw new IllegalArgumentException(
                        "successes must lie in [0, " + hittingBudgets.length + "], got " + successes);
            }
            if (!(successRate >= 0 && successRate <= 1) || Double.isNaN(ert) || ert < 0) {
                throw new IllegalArgumentException(
                        "success rate must lie in [0, 1] and ERT be >= 0, got " + successRate + " and " + ert);
            }
            hittingBudgets = hittingBudgets.clone();
        }

        @Override
        public double[] hittingBudgets() {
            return hittingBudgets.clone();
        }

        /** The number of runs. */
        public int runs() {
            return hittingBudgets.length;
        }
    }

    /** The first budget at which {@code run} reached {@code target}, or NaN if it never did. */
    public static double hittingBudget(Curve run, double target, Direction direction) {
        requireTarget(target, direction);
        if (run == null) {
            throw new IllegalArgumentException("fixed target needs a curve, got null");
        }
        for (int i = 0; i < run.size(); i++) {
            // NaN compares false either way, so a diverged checkpoint never counts as reaching the target.
            if (direction.reaches(run.valueAt(i), target)) {
                return run.budgetAt(i);
            }
        }
        return Double.NaN;
    }

    /**
     * Hitting budgets, success rate and ERT of {@code runs}. ERT = (sum over runs of the budget each used until
     * it reached the target, or its whole budget if it never did) / (number of successes). A run's whole
     * budget is taken as its last checkpoint's budget, so a run should record a checkpoint when it ends.
     */
    public static Result evaluate(List<Curve> runs, double target, Direction direction) {
        requireTarget(target, direction);
        if (runs == null || runs.isEmpty()) {
            throw new IllegalArgumentException(
                    "fixed target needs at least 1 run, got " + (runs == null ? "null" : "0"));
        }
        double[] hitting = new double[runs.size()];
        int successes = 0;
        double spent = 0;
        for (int r = 0; r < hitting.length; r++) {
            Curve run = runs.get(r);
            hitting[r] = hittingBudget(run, target, direction);
            if (Double.isNaN(hitting[r])) {
                spent += run.finalBudget();
            } else {
                successes++;
                spent += hitting[r];
            }
        }
        double ert = successes == 0 ? Double.POSITIVE_INFINITY : spent / successes;
        return new Result(hitting, successes, successes / (double) hitting.length, ert);
    }

    private static void requireTarget(double target, Direction direction) {
        if (Double.isNaN(target) || direction == null) {
            throw new IllegalArgumentException(
                    "fixed target needs a target and a direction, got " + target + " and " + direction);
        }
    }
}
