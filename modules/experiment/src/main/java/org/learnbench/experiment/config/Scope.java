package org.learnbench.experiment.config;

/**
 * What a section's settings may depend on beyond their own mapping: the experiment's task and budget,
 * once read (null before). A setting that applies only to some tasks, or a default that follows the
 * budget, looks here, both when a config is read and when a built object is resolved.
 */
public record Scope(TaskConfig task, org.learnbench.optim.Budget budget) {
    /** True for a supervised task (a CSV dataset, MNIST, a text dataset or a series forecast). */
    public boolean supervised() {
        return task instanceof TaskConfig.Csv
                || task instanceof TaskConfig.Mnist
                || task instanceof TaskConfig.Text
                || task instanceof TaskConfig.Series;
    }

    /** True for a control (environment) task, classic or trading. */
    public boolean control() {
        return task instanceof TaskConfig.Control || task instanceof TaskConfig.Trading;
    }
}
