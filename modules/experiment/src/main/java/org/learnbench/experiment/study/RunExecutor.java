package org.learnbench.experiment.study;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Where a study's runs execute. A run's inputs (its validated experiment, seed and folder) and outputs
 * (the files it commits) are self-contained and share no mutable state, so an executor may run them on
 * local threads (now) or hand them to a distributed engine (later) without changing a result.
 */
public interface RunExecutor {
    /**
     * Executes every job, calling {@code done} with each job's outcome as it finishes (from any thread,
     * one call at a time), and returns when all have finished.
     */
    /** How many runs go at once on one machine (what an {@code auto} thread count divides the cores by). */
    int parallelism();

    <T> void executeAll(List<Callable<T>> jobs, Consumer<Finished<T>> done) throws InterruptedException;

    /** A finished job: its index in the list, and its value or the exception it threw. */
    record Finished<T>(int index, T value, Exception failure) {}
}
