package org.learnbench.experiment.tuning;

import java.util.List;

/**
 * A study's tuning protocol: every optimizer entry gets the same number of trials, points of its search
 * space drawn by the sampler from the study seed's {@code trials} stream; each trial runs on the trial
 * seeds (disjoint from the study's evaluation seeds); the trial with the best mean of the selection metric
 * (a validation or evaluation metric, never a test one) is re-run on the evaluation seeds, and only those
 * runs enter the comparison.
 *
 * @param metric the selection metric, or "" for the validation twin of each task's compared metric
 */
public record Tuning(int trials, Sampler sampler, String metric, List<Long> seeds) {
    public Tuning {
        seeds = List.copyOf(seeds);
    }
}
