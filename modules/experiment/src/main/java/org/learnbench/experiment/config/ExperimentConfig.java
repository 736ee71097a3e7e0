package org.learnbench.experiment.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.learnbench.nn.MlpSpec;
import org.learnbench.optim.Budget;
import org.learnbench.optim.CheckpointSchedule;
import org.learnbench.optim.Optimizer;

/**
 * A validated experiment: one task, one network architecture (for supervised tasks; null for black-box
 * functions), one optimizer, a budget, a checkpoint schedule and the seeds to run, plus the fully
 * resolved config (every default filled in) that goes into each run's manifest and whose hash
 * identifies the run's settings.
 *
 * @param source the config file
 * @param name the experiment's name; results go to results/&lt;name&gt;/
 * @param threads the most threads the arithmetic may use (never changes results)
 * @param resolved the effective config as plain maps, lists and scalars, in file order
 */
public record ExperimentConfig(
        Path source,
        String name,
        String description,
        TaskConfig task,
        MlpSpec network,
        Optimizer<?> optimizer,
        Budget budget,
        CheckpointSchedule checkpoints,
        List<Long> seeds,
        int threads,
        Map<String, Object> resolved) {
    public ExperimentConfig {
        seeds = List.copyOf(seeds);
        resolved = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(resolved));
    }
}
