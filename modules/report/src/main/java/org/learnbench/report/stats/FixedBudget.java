package org.learnbench.report.stats;

/** Fixed-budget reading of run curves: the value a run had reached when a given budget was spent. */
public final class FixedBudget {
    private FixedBudget() {}

    /**
     * The last value recorded at or before {@code budget}, or NaN when the first checkpoint comes later. The
     * budgets must increase strictly (see {@link Curve}).
     */
    public static double valueAt(double[] budgets, double[] values, double budget) {
        return valueAt(new Curve(budgets, values), budget);
    }

    /** The last value of {@code run} recorded at or before {@code budget}, or NaN if there is none. */
    public static double valueAt(Curve run, double budget) {
        if (run == null || Double.isNaN(budget)) {
            throw new IllegalArgumentException(
                    "fixed budget needs a curve and a budget, got " + run + " and " + budget);
        }
        int lo = 0;
        int hi = run.size() - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (run.budgetAt(mid) <= budget) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found < 0 ? Double.NaN : run.valueAt(found);
    }
}
