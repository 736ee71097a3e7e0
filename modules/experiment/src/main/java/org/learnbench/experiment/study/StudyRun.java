package org.learnbench.experiment.study;

import java.nio.file.Path;
import java.util.Objects;
import org.learnbench.experiment.config.ExperimentConfig;

/**
 * One run of a study: a task, an optimizer setting (a point of its grid), a seed, the validated
 * experiment it amounts to, its folder relative to the study's results folder
 * ({@code <task>/<optimizer>/seed-<seed>}), and whether it is a tuning trial.
 *
 * @param trial 0 for a run that enters the comparison; k >= 1 for the k-th tuning trial of its optimizer
 *     entry (folder {@code <task>/<optimizer>/trials/trial-<k>/seed-<seed>}), which only selects settings
 */
public record StudyRun(String task, String optimizer, long seed, ExperimentConfig config, Path folder, int trial) {
    public StudyRun {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(folder, "folder");
        if (trial < 0) {
            throw new IllegalArgumentException("trial must be >= 0, got " + trial);
        }
    }

    /** A run that enters the comparison. */
    public StudyRun(String task, String optimizer, long seed, ExperimentConfig config, Path folder) {
        this(task, optimizer, seed, config, folder, 0);
    }

    /** True for a tuning trial. */
    public boolean isTrial() {
        return trial > 0;
    }

    /** "task / optimizer seed N" (with "trial k" for a trial), for progress lines. */
    public String label() {
        return task + " / " + optimizer + (isTrial() ? " trial " + trial : "") + " seed " + seed;
    }
}
