package org.learnbench.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnbench.experiment.config.ConfigReader;
import org.learnbench.experiment.config.ExperimentConfig;
import org.learnbench.experiment.run.ExperimentRunner;
import org.learnbench.experiment.run.RunRecord;

/**
 * A genetic algorithm whose generations are scored on two workers gives the same run, bit for bit, as one
 * scored on local threads: every learning column of metrics.csv, the clocks (forward passes, evaluations,
 * environment steps, FLOPs) included.
 */
class PopulationScoringTest {
    @TempDir
    Path tmp;

    private static final String DIGITS =
            """
            name: digits-ga
            task: {dataset: DIGITS, target: target, kind: classification}
            network: {hidden: [16], activation: relu}
            optimizer: {type: genetic, population: 24, elites: 2, fitness_batch: 64, evaluations_per_candidate: 2,
                        elite_candidates: 4, elite_reevaluations: 2}
            budget: {sample_forward_passes: 60000}
            checkpoints: {log_spaced: 5, clock: sample_forward_passes}
            seeds: [3]
            """;

    private static final String CARTPOLE =
            """
            name: cartpole-ga
            task: {type: cartpole, evaluation_episodes: 5}
            network: {hidden: [8], activation: tanh}
            optimizer: {type: genetic, preset: deep_ga, population: 20, elites: 1, selection: {type: truncation, top: 5},
                        crossover: {type: none}, mutation: {sigma: 0.1, probability: 1.0},
                        elite_candidates: 3, elite_reevaluations: 2}
            budget: {env_steps: 20000}
            checkpoints: {every: 2}
            seeds: [5]
            """;

    @Test
    void generationsScoredOnTheClusterEqualGenerationsScoredLocally() throws Exception {
        Path digits =
                Path.of("../../experiments/data/digits.csv").toAbsolutePath().normalize();
        List<Integer> ports = Loopback.ports(3);
        ClusterFile cluster = ClusterFile.read(Loopback.clusterFile(
                tmp, "c.yaml", Loopback.SECRET, ports.subList(0, 2), ports.get(2), "join_timeout: 30\n"));
        StringWriter log = new StringWriter();
        PrintWriter out = new PrintWriter(log, true);
        try (Worker a = Worker.start(cluster, "127.0.0.1:" + ports.get(0), out);
                Worker b = Worker.start(cluster, "127.0.0.1:" + ports.get(1), out);
                ClusterExecutor coordinator = new ClusterExecutor(cluster, out)) {
            for (String text : List.of(DIGITS.replace("DIGITS", digits.toString()), CARTPOLE)) {
                Path file = Files.writeString(tmp.resolve("experiment.yaml"), text);
                ExperimentConfig config = ConfigReader.read(file);
                long seed = config.seeds().get(0);
                RunRecord local = new ExperimentRunner(tmp.resolve("local")).run(config, seed, 1, List.of());
                RunRecord remote =
                        new ExperimentRunner(tmp.resolve("cluster"), coordinator).run(config, seed, 1, List.of());
                assertEquals(
                        ClusterStudyTest.learning(local.directory().resolve("metrics.csv")),
                        ClusterStudyTest.learning(remote.directory().resolve("metrics.csv")),
                        config.name() + ": scored on the cluster, the run differs");
                assertTrue(local.result().clocks().evaluations() > 0);
                assertEquals(
                        local.result().clocks().evaluations(),
                        remote.result().clocks().evaluations());
                assertEquals(
                        local.result().clocks().flops(),
                        remote.result().clocks().flops());
            }
            for (Worker w : List.of(a, b)) {
                long scored = w.instance()
                        .getExecutorService(Members.RUNS)
                        .getLocalExecutorStats()
                        .getCompletedTaskCount();
                assertTrue(scored > 10, w.address() + " scored " + scored + " shares of generations");
            }
        }
    }
}
