package org.learnbench.experiment.study;

import java.nio.file.Path;
import java.util.Objects;
import org.learnbench.experiment.config.ExperimentConfig;

/**
 * One run of a study: a task, an optimizer setting (a point of its grid), a seed, the validated
 * experiment it amounts to, and its folder relative to the study's results folder
 * ({@code <task>/<optimizer>/seed-<seed>}).
 */
public record StudyRun(String task, String optimizer, long seed, ExperimentConfig config, Path folder) {
    public StudyRun {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(folder, "folder");
    }

    /** "task / optimizer seed N", for progress lines. */
    public String label() {
        return task + " / " + optimizer + " seed " + seed;
    }
}
