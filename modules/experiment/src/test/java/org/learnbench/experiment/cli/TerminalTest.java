package org.learnbench.experiment.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnbench.optim.Budget;
import org.learnbench.optim.Checkpoint;
import org.learnbench.optim.Clocks;

/**
 * What the terminal shows: progress lines with the share of the budget and the time left, without metrics
 * a run does not have, within 100 columns; a summary across seeds; the output folder; help and version.
 */
class TerminalTest {
    @TempDir
    Path tmp;

    private static Checkpoint checkpoint(long iteration, long wallNanos, Map<String, Double> metrics) {
        return new Checkpoint(new Clocks(iteration, 0, 0, 0, 0, 0, 0, wallNanos, 0, 0, 0), Double.NaN, metrics);
    }

    @Test
    void aProgressLineShowsTheBudgetShareAndTimeLeftButNoMissingMetricsAndFits100Columns() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("train_loss", 0.5);
        metrics.put("value_loss", Double.NaN); // a bandit has no value network
        for (String split : new String[] {"train", "validation", "test"}) {
            for (String m : new String[] {"accuracy", "loss_per_sample_and_more", "rmse", "r2"}) {
                metrics.put(split + "_" + m, 0.123456);
            }
        }
        ProgressPrinter p =
                new ProgressPrinter(new PrintWriter(new StringWriter()), "[seed 12] ", "epoch", Budget.iterations(40));
        String line = p.line(checkpoint(10, 3_000_000_000L, metrics));
        assertTrue(line.startsWith("[seed 12] epoch 10/40  25% ETA 9 s"), line);
        assertFalse(line.contains("NaN") || line.contains("value_loss"), line);
        assertFalse(line.contains("test_"), line);
        assertTrue(line.length() <= ProgressPrinter.WIDTH, line.length() + ": " + line);
        assertTrue(line.contains("train_loss 0.5000"), line);
    }

    private static String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Learnbench.execute(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {
            String.valueOf(code), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)
        };
    }

    @Test
    void aMultiSeedRunEndsWithMediansAndRangesAndTheFolder() throws IOException {
        Path config = tmp.resolve("c.yaml");
        Files.writeString(
                config,
                """
                name: seeds
                task: {dataset: DIGITS, target: target, kind: classification}
                network: {hidden: [4]}
                optimizer: {type: backprop}
                budget: {epochs: 1}
                seeds: [1, 2, 3]
                """
                        .replace(
                                "DIGITS",
                                Path.of("../../experiments/data/digits.csv")
                                        .toAbsolutePath()
                                        .normalize()
                                        .toString()));
        String[] o = run("run", config.toString(), "--results", tmp.resolve("r").toString());
        assertEquals("0", o[0], o[2]);
        assertTrue(o[1].contains("across 3 seeds:\n  test_loss: median "), o[1]);
        assertTrue(o[1].contains("  test_accuracy: median "), o[1]);
        assertTrue(o[1].strip().endsWith("results in " + tmp.resolve("r/seeds")), o[1]);
        for (String line : o[1].split("\n")) {
            assertTrue(line.length() <= 100 || line.contains(tmp.toString()), line.length() + ": " + line);
            assertFalse(line.contains("PT") && line.matches(".*PT\\d.*"), line);
        }
    }

    @Test
    void helpForACommandAndTheVersionWithItsCommit() {
        String[] help = run("help", "run");
        assertEquals("0", help[0], help[2]);
        assertTrue(help[1].contains("Usage: learnbench run") && help[1].contains("--overwrite"), help[1]);
        String[] version = run("--version");
        assertEquals("0", version[0]);
        // Tests run from the work tree, which is a git repository.
        assertTrue(version[1].matches("(?s)learnbench \\S+, commit [0-9a-f]{12}.*"), version[1]);
    }

    @Test
    void aMistypedCommandIsNamedWithTheNearestOne() {
        String[] o = run("valdate", "x.yaml");
        assertEquals("2", o[0]);
        assertEquals(
                "learnbench: unknown command 'valdate' (did you mean validate?); the commands are run, validate,"
                        + " study, report, verify, worker, help (see learnbench --help)",
                o[2].strip());
    }

    @Test
    void aBuildWithoutTheClusterModuleSaysSoForWorkerAndCluster() {
        // This module's tests run without the cluster module on the class path.
        String[] o = run("worker", "--cluster", "cluster.yaml");
        assertEquals("2", o[0]);
        assertTrue(o[2].strip().startsWith("learnbench: this learnbench build has no cluster support"), o[2]);
        String[] both = run("study", "s.yaml", "--cluster", "c.yaml", "--parallel", "2");
        assertEquals("2", both[0]);
        assertTrue(both[2].contains("--parallel and --cluster"), both[2]);
    }
}
