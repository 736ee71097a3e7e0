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

    /** What tuning found per tuned optimizer: trials, the range of their results, the selected setting. */
    public static Table tuning(Study study, String task) {
        return study.analysis().tuningTable(task);
    }

    /**
     * Median final metric of each optimizer in two studies of the same tasks side by side (for example a
     * hand-set study and its tuned sibling), with the change: what the second study's protocol changed.
     */
    public static Table compare(Study first, Study second, String task) {
        return org.learnbench.report.document.StudyAnalysis.sideBySide(
                first.name(), first.analysis(), second.name(), second.analysis(), task);
    }

    /** Each optimizer's protocol: hand-set, defaults, or tuned with its trials and search space. */
    public static java.util.Map<String, String> protocols(Study study) {
        return study.analysis().protocols();
    }

    /** The comparisons in plain words. */
    public static List<String> verdicts(Study study, String task) {
        return study.analysis().verdicts(task);
    }
}
