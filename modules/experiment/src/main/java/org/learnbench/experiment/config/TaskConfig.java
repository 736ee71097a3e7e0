package org.learnbench.experiment.config;

import java.nio.file.Path;
import java.util.Objects;
import org.learnbench.tasks.data.SplitSpec;
import org.learnbench.tasks.data.TabularSpec;

/**
 * A supervised task read from a CSV file: where the file is (resolved against the config's folder),
 * its expected sha256 (empty to skip the check), which columns play which role, and how to split.
 */
public record TaskConfig(Path dataset, String sha256, TabularSpec columns, SplitSpec split) {
    public TaskConfig {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(columns, "columns");
        Objects.requireNonNull(split, "split");
        sha256 = sha256 == null ? "" : sha256;
    }
}
