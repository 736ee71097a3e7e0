package org.learnbench.report.stats;

/**
 * The progress of one run: the metric value recorded at each checkpoint, against the budget spent by then
 * (e.g. sample forward passes or environment steps).
 *
 * @param budgets the budgets of the checkpoints, finite, non-negative and strictly increasing
 * @param values the metric at each checkpoint; NaN marks a checkpoint without a usable value (a diverged run)
 */
public record Curve(double[] budgets, double[] values) {
    /** Validates the checkpoints and copies both arrays. */
    public Curve {
        if (budgets == null || values == null) {
            throw new IllegalArgumentException("curve needs budgets and values, got " + budgets + " and " + values);
        }
        if (budgets.length != values.length) {
            throw new IllegalArgumentException(
                    "curve needs as many values as budgets, got " + values.length + " and " + budgets.length);
        }
        if (budgets.length == 0) {
            throw new IllegalArgumentException("curve needs at least 1 checkpoint, got 0");
        }
        for (int i = 0; i < budgets.length; i++) {
            if (!Double.isFinite(budgets[i]) || budgets[i] < 0) {
                throw new IllegalArgumentException(
                        "curve budgets must be finite and >= 0, got " + budgets[i] + " at index " + i);
            }
            if (i > 0 && !(budgets[i] > budgets[i - 1])) {
                throw new IllegalArgumentException("curve budgets must increase strictly, got " + budgets[i - 1]
                        + " then " + budgets[i] + " at index " + i);
            }
        }
        budgets = budgets.clone();
        values = values.clone();
    }

    @Override
    public double[] budgets() {
        return budgets.clone();
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    /** The number of checkpoints. */
    public int size() {
        return budgets.length;
    }

    /** The budget of the last checkpoint, taken as the total budget the run used. */
    public double finalBudget() {
        return budgets[budgets.length - 1];
    }

    double budgetAt(int index) {
        return budgets[index];
    }

    double valueAt(int index) {
        return values[index];
    }
}
