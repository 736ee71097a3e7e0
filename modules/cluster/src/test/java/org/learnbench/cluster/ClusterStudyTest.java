package org.learnbench.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnbench.experiment.cli.Learnbench;

/**
 * The acceptance test of studies on a cluster, on 127.0.0.1 only: two worker JVMs and an in-process
 * coordinator run a small study while one worker is killed with SIGKILL; the study still completes, every
 * run is present exactly once, and every run's learning metrics equal those of the same study run locally.
 */
class ClusterStudyTest {
    @TempDir
    Path tmp;

    private final List<Process> workers = new ArrayList<>();

    @AfterEach
    void stopWorkers() throws InterruptedException {
        for (Process p : workers) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    static final String STUDY =
            """
            study: cluster-tiny
            tasks:
              digits:
                task: {dataset: DIGITS, target: target, kind: classification}
                network: {hidden: [16], activation: relu}
            optimizers:
              backprop:
                optimizer: {type: backprop, learning_rate: 0.003}
              ga:
                optimizer: {type: genetic, population: 20, fitness_batch: 64}
            budget: {sample_forward_passes: 150000}
            checkpoints: {log_spaced: 6, clock: sample_forward_passes}
            seeds: 1..4
            """;

    record Outcome(int exitCode, String out, String err) {}

    static Outcome cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Learnbench.execute(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Path study(Path folder) throws IOException {
        Path digits =
                Path.of("../../experiments/data/digits.csv").toAbsolutePath().normalize();
        return Files.writeString(folder.resolve("study.yaml"), STUDY.replace("DIGITS", digits.toString()));
    }

    @Test
    void aStudySurvivesAKilledWorkerAndEqualsTheLocalStudyRunForRun() throws Exception {
        Path study = study(tmp);
        List<Integer> ports = Loopback.ports(3);
        Path file = Loopback.clusterFile(
                tmp,
                "cluster.yaml",
                Loopback.SECRET,
                ports.subList(0, 2),
                ports.get(2),
                "join_timeout: 60\nruns_per_member: 2\n");
        for (int i = 0; i < 2; i++) {
            Path log = tmp.resolve("worker-" + i + ".log");
            workers.add(Loopback.worker(file, ports.get(i), log));
        }
        for (int i = 0; i < 2; i++) {
            Loopback.awaitJoined(workers.get(i), tmp.resolve("worker-" + i + ".log"));
        }
        Path clustered = tmp.resolve("on-cluster");
        CompletableFuture<Outcome> coordinator = CompletableFuture.supplyAsync(
                () -> cli("study", study.toString(), "--cluster", file.toString(), "--results", clustered.toString()));
        // Kill the first worker with SIGKILL once two runs are in: each worker has two runs in flight then.
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (manifests(clustered).size() < 2 && System.nanoTime() < deadline && !coordinator.isDone()) {
            Thread.sleep(50);
        }
        assertTrue(manifests(clustered).size() < 8, "the study must still have runs to do when the worker dies");
        workers.get(0).destroyForcibly();
        assertTrue(workers.get(0).waitFor(10, TimeUnit.SECONDS));

        Outcome o = coordinator.get(5, TimeUnit.MINUTES);
        assertEquals(0, o.exitCode(), o.out() + o.err());
        assertTrue(
                o.err().contains("a worker left during"), "the killed worker's run went back to the queue: " + o.err());
        assertTrue(o.out().contains("8 run now, 0 failed"), o.out());
        Path local = tmp.resolve("local");
        Outcome l = cli("study", study.toString(), "--results", local.toString());
        assertEquals(0, l.exitCode(), l.out() + l.err());
        List<Path> runs = manifests(clustered);
        assertEquals(8, runs.size(), "every run once: " + runs);
        Set<String> members = new HashSet<>();
        ObjectMapper json = new ObjectMapper();
        for (Path manifest : runs) {
            Path run = manifest.getParent();
            Path relative = clustered.relativize(run);
            assertEquals(
                    learning(local.resolve(relative).resolve("metrics.csv")),
                    learning(run.resolve("metrics.csv")),
                    relative + ": the cluster's metrics differ from the local run's");
            @SuppressWarnings("unchecked")
            Map<String, Object> m = json.readValue(manifest.toFile(), Map.class);
            @SuppressWarnings("unchecked")
            Map<String, Object> cluster = (Map<String, Object>) m.get("cluster");
            members.add(String.valueOf(cluster.get("member")));
            assertEquals("digits.csv", ((Map<?, ?>) m.get("data")).get("file"));
        }
        assertTrue(members.contains("127.0.0.1:" + ports.get(1)), "the surviving worker ran runs: " + members);
        List<String> index = Files.readAllLines(clustered.resolve("cluster-tiny/runs.csv"));
        assertEquals(9, index.size(), String.join("\n", index));
        assertEquals(
                8,
                index.stream()
                        .skip(1)
                        .map(r -> String.join(",", Arrays.asList(r.split(",")).subList(0, 3)))
                        .distinct()
                        .count());
        try (Stream<Path> all = Files.walk(clustered)) {
            List<Path> hidden =
                    all.filter(p -> p.getFileName().toString().startsWith(".")).toList();
            assertEquals(List.of(), hidden, "no working folder is left behind");
        }
        assertTrue(Files.isRegularFile(clustered.resolve("cluster-tiny/report.md")));
    }

    /** The committed runs' manifests (working folders are hidden until committed). */
    static List<Path> manifests(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.getFileName().toString().equals("manifest.json"))
                    .filter(f -> f.getParent().getFileName().toString().startsWith("seed-"))
                    .filter(f -> root.relativize(f).toString().chars().noneMatch(c -> c == '.') || !hiddenPart(root, f))
                    .sorted()
                    .toList();
        }
    }

    private static boolean hiddenPart(Path root, Path f) {
        for (Path p : root.relativize(f)) {
            if (p.toString().startsWith(".") && !p.toString().equals("manifest.json")) {
                return true;
            }
        }
        return false;
    }

    /** metrics.csv without its wall_ms column: what must be identical wherever a run is computed. */
    static List<String> learning(Path metrics) throws IOException {
        List<String> lines = Files.readAllLines(metrics);
        int wall = Arrays.asList(lines.get(0).split(",", -1)).indexOf("wall_ms");
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            List<String> cells = new ArrayList<>(Arrays.asList(line.split(",", -1)));
            cells.remove(wall);
            out.add(String.join(",", cells));
        }
        return out;
    }
}
