package org.learnbench.cluster;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.learnbench.experiment.study.ClusterEngine;

/** The cluster engine on Hazelcast embedded members: what {@code learnbench worker} and {@code --cluster} use. */
public final class HazelcastEngine implements ClusterEngine {
    @Override
    public Coordinator coordinate(Path clusterFile, PrintWriter log) {
        return new ClusterExecutor(ClusterFile.read(clusterFile), log);
    }

    @Override
    public Populations populations(Path clusterFile, PrintWriter log) {
        return new ClusterExecutor(ClusterFile.read(clusterFile), log);
    }

    @Override
    public void work(Path clusterFile, String address, PrintWriter log) throws InterruptedException {
        Worker.run(clusterFile, address, log);
    }
}
