package org.learnbench.experiment.study;

import java.nio.file.Path;
import java.util.List;

/**
 * A validated study: every run it expands to (tasks x optimizer grid x seeds, the same seeds for every
 * optimizer so that results pair by seed), how many runs go at once and how many threads each may use.
 */
public record StudyConfig(
        Path source, String name, String description, List<StudyRun> runs, int parallel, int threads) {
    public StudyConfig {
        runs = List.copyOf(runs);
        if (parallel < 1 || threads < 1) {
            throw new IllegalArgumentException(
                    "parallel and threads must be >= 1, got " + parallel + " and " + threads);
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
