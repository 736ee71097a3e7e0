package org.learnbench.experiment.study;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A validated study: every run it expands to (tasks x optimizer grid x seeds, the same seeds for every
 * optimizer so that results pair by seed), how many runs go at once, how many threads each may use (0 =
 * auto: an equal share of the cores), and
 * how the report judges each task.
 */
public record StudyConfig(
        Path source,
        String name,
        String description,
        List<StudyRun> runs,
        int parallel,
        int threads,
        long seed,
        Map<String, Reporting> reporting) {
    /**
     * How the report judges a task: the metric compared (empty = chosen from what the runs record), the
     * targets of the fixed-target analysis (empty = chosen from the results), and which checkpoint of a
     * run counts ("final", or "best_validation": the one with the lowest validation loss).
     */
    public record Reporting(String metric, List<Double> targets, String report) {
        public Reporting {
            targets = List.copyOf(targets);
        }
    }

    public StudyConfig {
        runs = List.copyOf(runs);
        reporting = Map.copyOf(reporting);
        if (parallel < 1 || threads < 0) {
            throw new IllegalArgumentException(
                    "parallel must be >= 1 and threads >= 1 (or 0 for auto), got " + parallel + " and " + threads);
        }
    }

    /** Task labels in study order. */
    public List<String> tasks() {
        return runs.stream().map(StudyRun::task).distinct().toList();
    }

    /** Optimizer settings in study order. */
    public List<String> optimizers() {
        return runs.stream().map(StudyRun::optimizer).distinct().toList();
    }
}
