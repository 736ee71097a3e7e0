package org.learnbench.optim;

import java.util.TreeSet;

/**
 * When the run loop records a checkpoint, by completed iteration. Iteration 0 (before any work) and the
 * last iteration are always recorded, whatever the schedule.
 */
@FunctionalInterface
public interface CheckpointSchedule {
    boolean isCheckpoint(long iteration);

    /** Every {@code k} iterations. */
    static CheckpointSchedule every(long k) {
        if (k < 1) {
            throw new IllegalArgumentException("checkpoint interval must be >= 1, got " + k);
        }
        return iteration -> iteration % k == 0;
    }

    /**
     * About {@code points} checkpoints spaced evenly in log(iteration) between 1 and {@code horizon}
     * (the iteration budget): dense early, where curves change fastest.
     */
    static CheckpointSchedule logSpaced(int points, long horizon) {
        if (points < 1 || horizon < 1) {
            throw new IllegalArgumentException(
                    "log-spaced checkpoints need points >= 1 and horizon >= 1, got " + points + " and " + horizon);
        }
        TreeSet<Long> at = new TreeSet<>();
        for (int i = 0; i < points; i++) {
            double fraction = points == 1 ? 1.0 : (double) i / (points - 1);
            at.add(Math.round(Math.exp(fraction * Math.log(horizon))));
        }
        return at::contains;
    }
}
