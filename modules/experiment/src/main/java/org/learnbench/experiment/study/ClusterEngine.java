package org.learnbench.experiment.study;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The engine behind {@code learnbench worker} and {@code learnbench study --cluster}, found on the class
 * path (the cluster module provides it; this module knows only this interface). Mistakes in the cluster file,
 * a cluster that cannot be reached and a member of another build are {@link IllegalArgumentException}s (or
 * config exceptions) whose message says what to do.
 */
public interface ClusterEngine {
    /**
     * Joins the cluster the file describes as the coordinator of a study: an executor that ships each run to a
     * worker and commits what comes back. Closing it leaves the cluster.
     */
    Coordinator coordinate(Path clusterFile, PrintWriter log);

    /**
     * Starts a worker on this machine (at {@code address}, or the first address of the file's members that is
     * this machine's and free) and takes runs until the process is stopped or {@code stop} is interrupted.
     */
    void work(Path clusterFile, String address, PrintWriter log) throws InterruptedException;

    /**
     * Joins the cluster the file describes as a coordinator whose runs score their populations (a genetic
     * algorithm's generations, random search's samples) on the workers, with the same results as on local
     * threads. Closing it leaves the cluster.
     */
    Populations populations(Path clusterFile, PrintWriter log);

    /** Population scorers on a cluster: a member of the cluster for as long as it is open. */
    interface Populations extends org.learnbench.experiment.run.ExperimentRunner.PopulationScorers, AutoCloseable {
        @Override
        void close();
    }

    /** A coordinator's executor: a member of the cluster for as long as it is open. */
    interface Coordinator extends RunExecutor, AutoCloseable {
        @Override
        void close();
    }

    /** The engine on the class path, if this build has one. */
    static Optional<ClusterEngine> find() {
        return ServiceLoader.load(ClusterEngine.class).findFirst();
    }

    /** The engine, or the message a user of a build without one needs. */
    static ClusterEngine require() {
        return find().orElseThrow(() -> new IllegalArgumentException(
                "this learnbench build has no cluster support (the cluster module is not on the class path);"
                        + " use the runnable jar or ./learnbench"));
    }
}
