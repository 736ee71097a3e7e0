package org.learnbench.notebook;

import java.util.List;
import org.learnbench.report.document.Table;

/**
 * A study's tables and verdicts for a notebook cell, the same ones its report.md holds. A {@link Table}
 * prints as aligned text; {@code Jupyter.show(table)} renders it as an HTML table.
 */
public final class Report {
    private Report() {}

    /** Per optimizer: median final metric with its bootstrap 95% CI, cost and wall time (first task). */
    public static Table table(Study study) {
        return table(study, study.firstTask());
    }

    /** Per optimizer: median final metric with its bootstrap 95% CI, cost and wall time. */
    public static Table table(Study study, String task) {
        return study.analysis().summary(task);
    }

    /** Pairwise tests with Holm-adjusted p-values and Vargha-Delaney A12. */
    public static Table comparisons(Study study, String task) {
        return study.analysis().comparisonTable(task);
    }

    /** The metric reached by 1%, 10% and 100% of the budget every run spent. */
    public static Table fixedBudget(Study study, String task) {
        return study.analysis().fixedBudget(task);
    }

    /** Success rates, median cost and expected running time to reach each target. */
    public static Table fixedTarget(Study study, String task) {
        return study.analysis().fixedTarget(task);
    }

    /** The comparisons in plain words. */
    public static List<String> verdicts(Study study, String task) {
        return study.analysis().verdicts(task);
    }
}
