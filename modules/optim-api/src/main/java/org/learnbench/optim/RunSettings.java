package org.learnbench.optim;

import java.util.Objects;

/**
 * How the loop runs one optimizer on one problem: the root seed, the budget, the checkpoint schedule,
 * and how many threads the arithmetic may use (results never depend on it).
 */
public record RunSettings(long seed, Budget budget, CheckpointSchedule schedule, int threads) {
    public RunSettings {
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(schedule, "schedule");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
    }
}
