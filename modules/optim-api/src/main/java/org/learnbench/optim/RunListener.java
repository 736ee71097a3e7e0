package org.learnbench.optim;

/** Observes a run as the loop advances it; metrics flow through listeners, never through logs. */
public interface RunListener {
    /** After each completed iteration. */
    default void onIteration(long iteration, double objective, Clocks clocks) {}

    /** After each recorded checkpoint, the first at iteration 0. */
    default void onCheckpoint(Checkpoint checkpoint) {}

    /** Once, when the run has ended. */
    default void onFinish(RunResult result) {}
}
