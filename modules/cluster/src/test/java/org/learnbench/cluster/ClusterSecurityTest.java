package org.learnbench.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnbench.experiment.config.ConfigReader;
import org.learnbench.experiment.config.ExperimentConfig;

/**
 * Members without the shared secret never join and never get work done; a worker of another build is
 * refused with a message that says so; every mistake in a cluster file is one line and exit code 2.
 */
class ClusterSecurityTest {
    @TempDir
    Path tmp;

    private final StringWriter log = new StringWriter();
    private final PrintWriter out = new PrintWriter(log, true);

    private static final String STUDY =
            """
            study: sphere-tiny
            tasks:
              sphere:
                task: {type: sphere, dimension: 4}
            optimizers:
              ga:
                optimizer: {type: genetic, population: 10}
            budget: {evaluations: 400}
            seeds: [1]
            """;

    private Path study() throws java.io.IOException {
        return Files.writeString(tmp.resolve("study.yaml"), STUDY);
    }

    @Test
    void aMemberWithAnotherSecretNeitherJoinsNorGetsAStudyRun() throws Exception {
        List<Integer> ports = Loopback.ports(3);
        Path good = Loopback.clusterFile(
                tmp, "good.yaml", Loopback.SECRET, ports.subList(0, 2), ports.get(2), "join_timeout: 3\n");
        Path bad = Loopback.clusterFile(
                tmp,
                "bad.yaml",
                "another secret, same everything else",
                ports.subList(0, 2),
                ports.get(2),
                "join_timeout: 3\n");
        try (Worker a = Worker.start(ClusterFile.read(good), "127.0.0.1:" + ports.get(0), out)) {
            try (Worker b = Worker.start(ClusterFile.read(bad), "127.0.0.1:" + ports.get(1), out)) {
                assertEquals(
                        1, a.instance().getCluster().getMembers().size(), "the other secret's worker is not admitted");
                assertEquals(1, b.instance().getCluster().getMembers().size());
            }
            ClusterStudyTest.Outcome o = ClusterStudyTest.cli(
                    "study",
                    study().toString(),
                    "--cluster",
                    bad.toString(),
                    "--results",
                    tmp.resolve("r").toString());
            assertEquals(2, o.exitCode(), o.out() + o.err());
            assertTrue(o.err().contains("no worker of cluster 'test' answered within 3 s"), o.err());
            assertTrue(o.err().contains("same secret"), o.err());
            assertEquals(1, a.instance().getCluster().getMembers().size(), "nor is the other secret's coordinator");
            assertTrue(!Files.exists(tmp.resolve("r/sphere-tiny/sphere")), "no run was done");
        }
    }

    @Test
    void aWorkerRefusesATaskNotSignedWithTheSecretAndRunsOneThatIs() throws Exception {
        List<Integer> ports = Loopback.ports(2);
        Path file = Loopback.clusterFile(tmp, "c.yaml", Loopback.SECRET, ports.subList(0, 1), ports.get(1), "");
        ClusterFile cluster = ClusterFile.read(file);
        Path experiment = Files.writeString(
                tmp.resolve("sphere.yaml"),
                "name: sphere\ntask: {type: sphere, dimension: 4}\noptimizer: {type: genetic, population: 10}\n"
                        + "budget: {evaluations: 200}\nseeds: [1]\n");
        ExperimentConfig config = ConfigReader.read(experiment);
        try (Worker w = Worker.start(cluster, "127.0.0.1:" + ports.get(0), out)) {
            assertEquals("127.0.0.1:" + ports.get(0), w.address());
            // A member that learnt the cluster's name (it travels in the clear) but not its secret.
            ClusterFile.Address self = cluster.coordinator();
            MemberContext context = new MemberContext(new Secret(Loopback.SECRET), BuildId.current(), self.text(), tmp);
            HazelcastInstance intruder = Members.start(cluster, self, true, context);
            try {
                com.hazelcast.cluster.Member worker = intruder.getCluster().getMembers().stream()
                        .filter(m -> !m.isLiteMember())
                        .findFirst()
                        .orElseThrow();
                String uuid = intruder.getCluster().getLocalMember().getUuid().toString();
                RunTask forged = RunTask.of(
                        new Secret("not the cluster's secret at all"),
                        BuildId.current(),
                        "sphere seed 1",
                        config,
                        1,
                        1,
                        uuid);
                ExecutionException refused =
                        assertThrows(ExecutionException.class, () -> intruder.getExecutorService(Members.RUNS)
                                .submitToMember(forged, worker)
                                .get(60, TimeUnit.SECONDS));
                assertTrue(refused.getCause() instanceof SecurityException, String.valueOf(refused.getCause()));
                assertTrue(refused.getCause().getMessage().contains("not signed with this cluster's secret"));

                RunTask unsigned = RunTask.of(context.secret, BuildId.current(), "sphere seed 1", config, 1, 1, uuid)
                        .withSignature(new byte[32]);
                ExecutionException alsoRefused =
                        assertThrows(ExecutionException.class, () -> intruder.getExecutorService(Members.RUNS)
                                .submitToMember(unsigned, worker)
                                .get(60, TimeUnit.SECONDS));
                assertTrue(alsoRefused.getCause() instanceof SecurityException);

                RunTask signed = RunTask.of(context.secret, BuildId.current(), "sphere seed 1", config, 1, 1, uuid);
                RunFiles files = intruder.getExecutorService(Members.RUNS)
                        .submitToMember(signed, worker)
                        .get(60, TimeUnit.SECONDS);
                assertTrue(context.secret.verify(
                        files.signature(),
                        RunFiles.signed(signed.signature, files.member(), files.build(), files.files())));
                assertTrue(
                        files.files().keySet().containsAll(List.of("manifest.json", "metrics.csv")),
                        files.files().keySet().toString());
            } finally {
                intruder.getLifecycleService().terminate();
            }
        }
    }

    @Test
    void aWorkerOrCoordinatorOfAnotherBuildIsRefusedWithAClearMessage() throws Exception {
        List<Integer> ports = Loopback.ports(3);
        Path file = Loopback.clusterFile(
                tmp, "c.yaml", Loopback.SECRET, ports.subList(0, 2), ports.get(2), "join_timeout: 3\n");
        try (Worker a = Worker.start(ClusterFile.read(file), "127.0.0.1:" + ports.get(0), out)) {
            String previous = System.getProperty(BuildId.OVERRIDE);
            System.setProperty(BuildId.OVERRIDE, "0000another0000");
            ClusterStudyTest.Outcome worker;
            ClusterStudyTest.Outcome coordinator;
            try {
                worker = ClusterStudyTest.cli(
                        "worker", "--cluster", file.toString(), "--address", "127.0.0.1:" + ports.get(1));
                coordinator = ClusterStudyTest.cli(
                        "study",
                        study().toString(),
                        "--cluster",
                        file.toString(),
                        "--results",
                        tmp.resolve("r").toString());
            } finally {
                if (previous == null) {
                    System.clearProperty(BuildId.OVERRIDE);
                } else {
                    System.setProperty(BuildId.OVERRIDE, previous);
                }
            }
            assertEquals(2, worker.exitCode(), worker.out() + worker.err());
            assertTrue(
                    worker.err()
                            .contains(
                                    "refused: this worker runs learnbench build 0000another0000, but the worker at 127.0.0.1:"
                                            + ports.get(0) + " runs build " + BuildId.current()),
                    worker.err());
            assertEquals(2, coordinator.exitCode(), coordinator.out() + coordinator.err());
            assertTrue(
                    coordinator.err().contains("refused: every worker runs another learnbench build"),
                    coordinator.err());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (a.instance().getCluster().getMembers().size() > 1 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(1, a.instance().getCluster().getMembers().size(), "the refused members are gone");
        }
    }

    @Test
    void everyMistakeInAClusterFileIsOneLineAndExitCode2() throws Exception {
        Path study = study();
        List<Integer> ports = Loopback.ports(2);
        String members = "members: [127.0.0.1:" + ports.get(0) + "]\n";
        String secret = "secret: \"" + Loopback.SECRET + "\"\n";
        String[][] cases = {
            {secret + members + "colour: red\n", "colour: unknown key"},
            {secret + "members: []\n", "members"},
            {secret, "members: missing"},
            {members, "secret: missing"},
            {"secret: short\n" + members, "at least 16"},
            {secret + "members: [127.0.0.1:99999]\n", "not in 1..65535"},
            {secret + "members: [\"5701\"]\n", "expected HOST:PORT"},
            {secret + "members: [no-such-host.invalid:5701]\n", "does not resolve"},
            {secret + "members: [0.0.0.0:5701]\n", "any-address"},
            {secret + members + "runs_per_member: 0\n", "runs_per_member"},
            {
                secret + members + "coordinator: 127.0.0.1:" + ports.get(1) + "\njoin_timeout: 2\n",
                "no worker of cluster 'learnbench' answered within 2 s"
            },
        };
        for (String[] c : cases) {
            Path file = Files.writeString(tmp.resolve("cluster.yaml"), c[0]);
            ClusterStudyTest.Outcome o = ClusterStudyTest.cli(
                    "study",
                    study.toString(),
                    "--cluster",
                    file.toString(),
                    "--results",
                    tmp.resolve("r").toString());
            assertEquals(2, o.exitCode(), c[0] + " -> " + o.err());
            assertTrue(o.err().contains(c[1]), c[0] + " -> " + o.err());
            assertEquals(1, o.err().strip().lines().count(), "one message: " + o.err());
            assertTrue(o.err().startsWith("learnbench: "), o.err());
        }
    }
}
