package org.learnbench.optim;

import java.util.TreeSet;

/**
 * When the run loop records a checkpoint, by completed iteration. Iteration 0 (before any work) and the
 * last iteration are always recorded, whatever the schedule.
 */
@FunctionalInterface
public interface CheckpointSchedule {
    boolean isCheckpoint(long iteration);

    /**
     * True when a checkpoint is due after the iteration that moved the clocks from {@code previous} to
     * {@code current}; by default decided by the iteration count.
     */
    default boolean due(Clocks previous, Clocks current) {
        return isCheckpoint(current.iterations());
    }

    /**
     * About {@code points} checkpoints spaced evenly in log scale on another clock (sample-forward-passes,
     * evaluations, env steps, ...) between 1 and {@code horizon}: due after the first iteration that
     * crosses each threshold. This puts every optimizer's checkpoints at comparable costs, whatever its
     * iterations are.
     */
    static CheckpointSchedule logSpacedOn(java.util.function.ToLongFunction<Clocks> clock, int points, long horizon) {
        if (points < 1 || horizon < 1) {
            throw new IllegalArgumentException(
                    "log-spaced checkpoints need points >= 1 and horizon >= 1, got " + points + " and " + horizon);
        }
        TreeSet<Long> at = new TreeSet<>();
        for (int i = 0; i < points; i++) {
            double fraction = points == 1 ? 1.0 : (double) i / (points - 1);
            at.add(Math.round(Math.exp(fraction * Math.log(horizon))));
        }
        return new CheckpointSchedule() {
            @Override
            public boolean isCheckpoint(long iteration) {
                return false;
            }

            @Override
            public boolean due(Clocks previous, Clocks current) {
                Long next = at.higher(clock.applyAsLong(previous));
                return next != null && next <= clock.applyAsLong(current);
            }
        };
    }

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
