package org.learnbench.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnbench.experiment.run.MetricsCsvWriter;

/** The shipped experiments end to end: the targets of the foundation issue, determinism, DIVERGED. */
class ExperimentRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private JsonNode manifest(Path results, String experiment) throws IOException {
        return JSON.readTree(
                results.resolve(experiment).resolve("seed-1/manifest.json").toFile());
    }

    /** metrics.csv without the wall_ms column: the learning columns. */
    private static List<String> learningColumns(Path csv) throws IOException {
        int wall = MetricsCsvWriter.CLOCK_COLUMNS.indexOf("wall_ms");
        try (Stream<String> lines = Files.lines(csv)) {
            return lines.map(l -> {
                        List<String> cells = Arrays.asList(l.split(",", -1));
                        return cells.subList(0, wall) + "|" + cells.subList(wall + 1, cells.size());
                    })
                    .collect(Collectors.toList());
        }
    }

    @Test
    void quickStartReachesTheDigitsTargetAndWritesEveryFile() throws IOException {
        Path results = tmp.resolve("results");
        CliHarness.Outcome o = CliHarness.run(
                "run",
                CliHarness.EXPERIMENTS.resolve("digits-quickstart.yaml").toString(),
                "--results",
                results.toString());
        assertEquals(0, o.exitCode(), o.err());
        assertTrue(o.out().contains("epoch 50/50"), o.out());
        JsonNode m = manifest(results, "digits-quickstart");
        assertEquals("BUDGET_EXHAUSTED", m.get("termination").asText());
        assertEquals(50, m.get("clocks").get("iterations").asInt());
        double accuracy = m.get("final_metrics").get("test_accuracy").asDouble();
        assertTrue(accuracy >= 0.95, "test accuracy " + accuracy);
        assertEquals("64-32-10 relu", m.get("network").get("architecture").asText());
        assertEquals(
                64 * 32 + 32 + 32 * 10 + 10, m.get("network").get("parameters").asInt());
        assertEquals(64, m.get("config_hash").asText().length());
        Path run = results.resolve("digits-quickstart/seed-1");
        assertEquals(52, Files.readAllLines(run.resolve("metrics.csv")).size(), "header + checkpoints 0..50");
        byte[] png = Files.readAllBytes(run.resolve("convergence.png"));
        assertTrue(png.length > 10_000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G');
    }

    @Test
    void amesReachesAnR2OfAtLeast080InDollars() throws IOException {
        Path results = tmp.resolve("results");
        CliHarness.Outcome o = CliHarness.run(
                "run",
                CliHarness.EXPERIMENTS.resolve("ames-house-prices.yaml").toString(),
                "--results",
                results.toString(),
                "-q");
        assertEquals(0, o.exitCode(), o.err());
        JsonNode m = manifest(results, "ames-house-prices");
        double r2 = m.get("final_metrics").get("test_r2").asDouble();
        double rmse = m.get("final_metrics").get("test_rmse").asDouble();
        assertTrue(r2 >= 0.80, "test R2 " + r2);
        assertTrue(rmse > 1000 && rmse < 60_000, "RMSE in dollars, got " + rmse);
        assertEquals(307, m.get("data").get("features").asInt());
    }

    @Test
    void theSameConfigAndSeedGiveIdenticalLearningColumnsWhateverTheThreadCount() throws IOException {
        Path config = CliHarness.config(
                tmp,
                "repeat.yaml",
                """
                name: repeat
                task: {dataset: DIGITS, target: target, kind: classification}
                network: {hidden: [48, 24], activation: tanh, dropout: 0.2}
                optimizer: {type: backprop, rule: sgd, momentum: 0.9, nesterov: true, learning_rate: 0.05, batch_size: 16,
                            schedule: {type: cosine}, clip_norm: 5}
                budget: {epochs: 4}
                seeds: [7]
                """);
        for (String run : List.of("a", "b", "c")) {
            String threads = run.equals("c") ? "1" : "2";
            CliHarness.Outcome o = CliHarness.run(
                    "run", config.toString(), "--results", tmp.resolve(run).toString(), "-q", "--threads", threads);
            assertEquals(0, o.exitCode(), o.err());
        }
        List<String> a = learningColumns(tmp.resolve("a/repeat/seed-7/metrics.csv"));
        assertEquals(6, a.size());
        assertEquals(a, learningColumns(tmp.resolve("b/repeat/seed-7/metrics.csv")));
        assertEquals(a, learningColumns(tmp.resolve("c/repeat/seed-7/metrics.csv")));
    }

    @Test
    void theGeneticAlgorithmTrainsTheSameNetworkIdenticallyOnOneOrTwoThreads() throws IOException {
        Path config = CliHarness.config(
                tmp,
                "ga.yaml",
                """
                name: ga-digits
                task: {dataset: DIGITS, target: target, kind: classification}
                network: {hidden: [16], activation: relu}
                optimizer: {type: genetic, preset: deep_ga, population: 20, selection: {type: truncation, top: 5},
                            fitness_batch: 64, evaluations_per_candidate: 2, elite_candidates: 3, elite_reevaluations: 2}
                budget: {sample_forward_passes: 60000}
                seeds: [3]
                """);
        runOnOneAndTwoThreads(config);
        List<String> one = learningColumns(tmp.resolve("t1/ga-digits/seed-3/metrics.csv"));
        assertEquals(one, learningColumns(tmp.resolve("t2/ga-digits/seed-3/metrics.csv")));
        JsonNode m =
                JSON.readTree(tmp.resolve("t1/ga-digits/seed-3/manifest.json").toFile());
        assertEquals("BUDGET_EXHAUSTED", m.get("termination").asText());
        // Per generation: 20 members x 2 cases x 64 samples, plus 3 elite candidates x 2 cases x 64.
        long perGeneration = 20 * 2 * 64 + 3 * 2 * 64;
        long sfp = m.get("clocks").get("sample_forward_passes").asLong();
        assertEquals(0, sfp % perGeneration);
        assertTrue(sfp <= 60_000 && sfp > 60_000 - perGeneration, "spent " + sfp);
        assertEquals(0, m.get("clocks").get("backward_samples").asLong(), "a GA never passes backward");
        assertTrue(one.get(0).contains("best_fitness") && one.get(0).contains("diversity"), one.get(0));
    }

    @Test
    void aPolicyGradientRunOnCartPoleIsIdenticalOnOneOrTwoThreadsAndCountsEnvironmentClocks() throws IOException {
        Path config = CliHarness.config(
                tmp,
                "cp.yaml",
                """
                name: cp
                task: {type: cartpole, evaluation_episodes: 10}
                network: {hidden: [32], activation: relu}
                optimizer: {type: policy_gradient, episodes_per_update: 2, baseline: value, entropy_bonus: 0.01}
                budget: {episodes: 40}
                checkpoints: {every: 5}
                seeds: [4]
                """);
        runOnOneAndTwoThreads(config);
        List<String> one = learningColumns(tmp.resolve("t1/cp/seed-4/metrics.csv"));
        assertEquals(one, learningColumns(tmp.resolve("t2/cp/seed-4/metrics.csv")));
        assertTrue(one.get(0).contains("env_steps") && one.get(0).contains("eval_return"), one.get(0));
        JsonNode m = JSON.readTree(tmp.resolve("t1/cp/seed-4/manifest.json").toFile());
        assertEquals("CartPole-v1", m.get("environment").get("name").asText());
        assertEquals(40, m.get("clocks").get("episodes").asLong());
        assertTrue(m.get("clocks").get("env_steps").asLong() >= 40);
        assertTrue(m.get("clocks").get("monitor_env_steps").asLong() > 0);
        assertEquals("4-32-2 relu", m.get("network").get("architecture").asText());
    }

    @Test
    void aFloat32PolicyAndValueNetworkOnCartPoleIsIdenticalOnOneOrTwoThreads() throws IOException {
        Path config = CliHarness.config(
                tmp,
                "cp32.yaml",
                """
                name: cp32
                task: {type: cartpole, evaluation_episodes: 5}
                network: {hidden: [32], activation: tanh, precision: float32}
                optimizer: {type: policy_gradient, episodes_per_update: 2, baseline: value}
                budget: {episodes: 20}
                checkpoints: {every: 5}
                seeds: [4]
                """);
        runOnOneAndTwoThreads(config);
        List<String> one = learningColumns(tmp.resolve("t1/cp32/seed-4/metrics.csv"));
        assertEquals(one, learningColumns(tmp.resolve("t2/cp32/seed-4/metrics.csv")));
        JsonNode m = JSON.readTree(tmp.resolve("t1/cp32/seed-4/manifest.json").toFile());
        assertEquals("4-32-2 tanh float32", m.get("network").get("architecture").asText());
        assertEquals("BUDGET_EXHAUSTED", m.get("termination").asText());
    }

    @Test
    void aFloat32RunIsIdenticalOnOneOrTwoThreadsRecordsItsPrecisionAndLearnsLikeFloat64() throws IOException {
        String yaml =
                """
                name: NAME
                task: {dataset: DIGITS, target: target, kind: classification}
                network: {hidden: [64, 32], activation: relu, dropout: 0.1PRECISION}
                optimizer: {type: backprop, rule: adam, learning_rate: 0.002, batch_size: 32}
                budget: {epochs: 12}
                seeds: [5]
                """;
        Path single = CliHarness.config(
                tmp, "f32.yaml", yaml.replace("NAME", "f32").replace("PRECISION", ", precision: float32"));
        Path dbl =
                CliHarness.config(tmp, "f64.yaml", yaml.replace("NAME", "f64").replace("PRECISION", ""));
        runOnOneAndTwoThreads(single);
        runOnOneAndTwoThreads(dbl);
        List<String> one = learningColumns(tmp.resolve("t1/f32/seed-5/metrics.csv"));
        assertEquals(one, learningColumns(tmp.resolve("t2/f32/seed-5/metrics.csv")), "float32: 1 and 2 threads");
        assertTrue(!one.equals(learningColumns(tmp.resolve("t1/f64/seed-5/metrics.csv"))), "float32 is not float64");
        JsonNode m32 = JSON.readTree(tmp.resolve("t1/f32/seed-5/manifest.json").toFile());
        JsonNode m64 = JSON.readTree(tmp.resolve("t1/f64/seed-5/manifest.json").toFile());
        assertEquals(
                "64-64-32-10 relu float32",
                m32.get("network").get("architecture").asText());
        assertEquals(
                "float32", m32.get("config").get("network").get("precision").asText());
        assertEquals(
                "float64", m64.get("config").get("network").get("precision").asText(), "the default is recorded");
        double a32 = m32.get("final_metrics").get("test_accuracy").asDouble();
        double a64 = m64.get("final_metrics").get("test_accuracy").asDouble();
        assertTrue(a32 >= 0.93 && Math.abs(a32 - a64) <= 0.03, "test accuracy float32 " + a32 + ", float64 " + a64);
    }

    /** Runs the config into t1/ and t2/ with one and two threads. */
    private void runOnOneAndTwoThreads(Path config) {
        for (String threads : List.of("1", "2")) {
            CliHarness.Outcome o = CliHarness.run(
                    "run",
                    config.toString(),
                    "--results",
                    tmp.resolve("t" + threads).toString(),
                    "-q",
                    "--threads",
                    threads);
            assertEquals(0, o.exitCode(), o.err());
        }
    }

    /** Study files (a top-level "study:" key) are not experiments. */
    @Test
    void everyShippedExperimentCanBeRebuiltFromItsResolvedConfigAlone() throws IOException {
        // What verify relies on: a manifest's resolved config, read again, is the same experiment.
        try (Stream<Path> files = Files.list(CliHarness.EXPERIMENTS)) {
            List<Path> configs = files.filter(f -> f.toString().endsWith(".yaml"))
                    .filter(f -> !CliHarness.isStudy(f))
                    .sorted()
                    .toList();
            assertTrue(configs.size() >= 10, configs.toString());
            for (Path file : configs) {
                org.learnbench.experiment.config.ExperimentConfig original =
                        org.learnbench.experiment.config.ConfigReader.read(file);
                org.learnbench.experiment.config.ExperimentConfig again =
                        org.learnbench.experiment.config.ConfigReader.fromResolved(
                                original.resolved(), file, tmp.resolve("manifest.json"));
                assertEquals(original, again, file.toString());
                assertEquals(
                        org.learnbench.experiment.config.ConfigHash.of(original),
                        org.learnbench.experiment.config.ConfigHash.of(again),
                        file.toString());
            }
        }
    }

    @Test
    void aDivergingRunIsRecordedAsDiverged() throws IOException {
        Path config = CliHarness.config(
                tmp,
                "diverge.yaml",
                """
                name: diverge
                task: {dataset: DIGITS, target: target, kind: classification}
                network: {hidden: [32], activation: relu}
                optimizer: {type: backprop, rule: sgd, learning_rate: 1.0e6, batch_size: full}
                budget: {epochs: 100}
                """);
        Path results = tmp.resolve("results");
        CliHarness.Outcome o = CliHarness.run("run", config.toString(), "--results", results.toString(), "-q");
        assertEquals(0, o.exitCode(), o.err());
        assertTrue(o.out().contains("DIVERGED"), o.out());
        assertEquals("DIVERGED", manifest(results, "diverge").get("termination").asText());
    }

    @Test
    void rerunningKeepsTheEarlierResultUnlessToldToOverwrite() throws IOException {
        Path config = CliHarness.config(
                tmp,
                "again.yaml",
                """
                name: again
                task: {dataset: DIGITS, target: target, kind: classification}
                network: {hidden: [8]}
                optimizer: {type: backprop}
                budget: {epochs: 1}
                """);
        Path results = tmp.resolve("results");
        assertEquals(
                0,
                CliHarness.run("run", config.toString(), "--results", results.toString(), "-q")
                        .exitCode());
        byte[] first = Files.readAllBytes(results.resolve("again/seed-1/manifest.json"));
        CliHarness.Outcome kept = CliHarness.run("run", config.toString(), "--results", results.toString(), "-q");
        assertEquals(2, kept.exitCode());
        assertTrue(kept.err().contains("--overwrite"), kept.err());
        assertArrayEquals(first, Files.readAllBytes(results.resolve("again/seed-1/manifest.json")));
        assertEquals(
                0,
                CliHarness.run("run", config.toString(), "--results", results.toString(), "-q", "--overwrite")
                        .exitCode());
        assertFalse(java.util.Arrays.equals(first, Files.readAllBytes(results.resolve("again/seed-1/manifest.json"))));
        try (Stream<Path> entries = Files.list(results.resolve("again"))) {
            assertEquals(
                    List.of("seed-1"),
                    entries.map(p -> p.getFileName().toString()).toList());
        }
    }
}
