package org.learnbench.experiment.study;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.learnbench.experiment.run.ExperimentRunner;
import org.learnbench.experiment.run.RunRecord;
import org.learnbench.optim.RunListener;

/**
 * Where a study's runs execute. A run's inputs (its validated experiment, seed and folder) and outputs
 * (the files it commits) are self-contained and share no mutable state, so an executor may run them on
 * local threads (now) or hand them to a distributed engine (later) without changing a result.
 */
public interface RunExecutor {
    /** How many runs go at once on one machine (what an {@code auto} thread count divides the cores by). */
    int parallelism();

    /**
     * Executes every job, calling {@code done} with each job's outcome as it finishes (from any thread,
     * one call at a time), and returns when all have finished.
     */
    <T> void executeAll(List<Callable<T>> jobs, Consumer<Finished<T>> done) throws InterruptedException;

    /**
     * Executes a study's runs, each committed into its folder, calling {@code done} as each finishes (one
     * call at a time). By default each run is a local job of {@link #executeAll}; a distributed executor
     * ships the run's description instead, and commits the files a member sends back.
     */
    default void executeRuns(ExperimentRunner runner, List<RunJob> jobs, Consumer<Finished<RunRecord>> done)
            throws InterruptedException {
        List<Callable<RunRecord>> calls = new java.util.ArrayList<>();
        for (RunJob j : jobs) {
            calls.add(() -> runner.runInto(j.folder(), j.run().config(), j.run().seed(), j.threads(), j.listeners()));
        }
        executeAll(calls, done);
    }

    /**
     * One run of a study to execute: the run, the folder it is committed to, the threads its arithmetic may
     * use and who listens to it (locally; a distributed executor reports only its end).
     */
    record RunJob(StudyRun run, Path folder, int threads, List<RunListener> listeners) {
        public RunJob {
            listeners = List.copyOf(listeners);
        }
    }

    /** A finished job: its index in the list, and its value or the exception it threw. */
    record Finished<T>(int index, T value, Exception failure) {}
}
