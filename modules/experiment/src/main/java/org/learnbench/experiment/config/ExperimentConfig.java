package org.learnbench.experiment.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.learnbench.optim.Budget;
import org.learnbench.optim.Optimizer;

/**
 * A validated experiment: one task, one network architecture (null for black-box functions), one
 * optimizer, a budget, a checkpoint schedule, the seeds to run and the threads each may use. Its
 * {@link #resolved()} form, generated from these objects by the settings' declarations, is what manifests
 * record, hashes identify and replays read back.
 *
 * @param source the config file (a study's, for a run of a study)
 * @param name the experiment's name; results go to results/&lt;name&gt;/
 * @param threads the most threads one run's arithmetic may use, 0 for auto (never changes results)
 */
public record ExperimentConfig(
        Path source,
        String name,
        String description,
        TaskConfig task,
        NetworkConfig network,
        Optimizer<?> optimizer,
        Budget budget,
        Checkpoints checkpoints,
        List<Long> seeds,
        int threads) {
    public ExperimentConfig {
        seeds = List.copyOf(seeds);
    }

    /** The effective config as plain maps, lists and scalars, every default filled in, in declaration order. */
    public Map<String, Object> resolved() {
        return ExperimentSettings.EXPERIMENT.resolve(this, new Scope(task, budget));
    }
}
