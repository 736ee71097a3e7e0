package org.learnbench.experiment.run;

import java.nio.file.Path;
import java.util.Map;
import org.learnbench.optim.RunResult;

/**
 * A finished, written run: its seed, its results folder, the loop's result and the manifest written
 * beside the metrics.
 */
public record RunRecord(long seed, Path directory, RunResult result, Map<String, Object> manifest) {}
