package org.learnbench.experiment;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnbench.experiment.run.ExperimentRunner;

/**
 * No combination of experiment names, study names, task and optimizer labels, grid values and {@code
 * --results} writes anything outside the results root: whatever a command does (run or refuse), every
 * path that appears in the sandbox lies below the results folder it was given.
 */
class ResultsContainmentTest {
    @TempDir
    Path sandbox;

    private static final List<String> NAMES =
            List.of("ok", ".", "..", "../out", "a/b", "/abs", "a\\b", "x..y", ".hidden", "-dash", "''", "..\\..");

    private static final List<String> RESULTS = List.of("results", "results/./deep", "r2/../r3", "r4/x/..");

    private static final String EXPERIMENT =
            """
            name: NAME
            task:
              dataset: DIGITS
              target: target
              kind: classification
            network:
              hidden: [4]
            optimizer:
              type: backprop
              rule: adam
            budget:
              epochs: 1
            seeds: [1]
            """;

    private static final String STUDY =
            """
            study: NAME
            tasks:
              TASK:
                task: {type: sphere, dimension: 2}
                budget: {evaluations: 20}
            optimizers:
              OPT:
                optimizer: {type: random_search, samples: [GRID]}
            seeds: [1]
            """;

    /** Paths that appeared in the sandbox and are not below {@code allowed}. */
    private List<String> escaped(Map<String, String> before, Path allowed) throws IOException {
        List<String> out = new ArrayList<>();
        Path root = allowed.toAbsolutePath().normalize();
        for (String p : BadInputTableTest.snapshot(sandbox).keySet()) {
            Path abs = sandbox.resolve(p).toAbsolutePath().normalize();
            if (!before.containsKey(p) && !abs.startsWith(root) && !root.startsWith(abs)) {
                out.add(p);
            }
        }
        return out;
    }

    @Test
    void experimentsWriteOnlyBelowTheResultsRoot() throws IOException {
        for (String results : RESULTS) {
            for (String name : NAMES) {
                Path work = Files.createTempDirectory(sandbox, "w");
                Path config = CliHarness.config(work, "c.yaml", EXPERIMENT.replace("NAME", name));
                Path root = work.resolve(results);
                Map<String, String> before = BadInputTableTest.snapshot(sandbox);
                CliHarness.Outcome o = CliHarness.run("run", config.toString(), "--results", root.toString(), "-q");
                assertTrue(o.exitCode() == 0 || o.exitCode() == 2, name + ": " + o.err());
                assertTrue(
                        escaped(before, root).isEmpty(),
                        name + " with --results " + results + " wrote " + escaped(before, root));
            }
        }
    }

    @Test
    void studiesWriteOnlyBelowTheResultsRoot() throws IOException {
        SplittableRandom random = new SplittableRandom(14);
        List<String> grids = List.of("10", "10, 20", "1e1", "..", "../x");
        int ran = 0;
        for (int i = 0; i < 40; i++) {
            // Mostly valid labels, so that many combinations really run.
            String name = i % 3 == 0 ? NAMES.get(random.nextInt(NAMES.size())) : "s" + i;
            String task = random.nextInt(3) == 0 ? NAMES.get(random.nextInt(NAMES.size())) : "t";
            String opt = random.nextInt(3) == 0 ? NAMES.get(random.nextInt(NAMES.size())) : "o";
            String grid = grids.get(random.nextInt(grids.size()));
            String results = RESULTS.get(random.nextInt(RESULTS.size()));
            Path work = Files.createTempDirectory(sandbox, "w");
            Path file = CliHarness.config(
                    work,
                    "s.yaml",
                    STUDY.replace("NAME", name)
                            .replace("TASK", task)
                            .replace("OPT", opt)
                            .replace("GRID", grid));
            Path root = work.resolve(results);
            Map<String, String> before = BadInputTableTest.snapshot(sandbox);
            CliHarness.Outcome o = CliHarness.run("study", file.toString(), "--results", root.toString());
            assertTrue(o.exitCode() == 0 || o.exitCode() == 2, name + "/" + task + "/" + opt + ": " + o.err());
            ran += o.exitCode() == 0 ? 1 : 0;
            assertTrue(
                    escaped(before, root).isEmpty(),
                    name + "/" + task + "/" + opt + " grid " + grid + " with --results " + results + " wrote "
                            + escaped(before, root));
        }
        assertTrue(ran >= 5, "too few combinations ran: " + ran);
    }

    @Test
    void noRelativePathLeavesTheRoot() {
        Path root = sandbox.resolve("results");
        List<String> parts = List.of("a", ".", "..", "b", "../..", "/etc", "c/../..", "");
        for (String x : parts) {
            for (String y : parts) {
                Path relative = Path.of(x, y);
                try {
                    Path p = ExperimentRunner.within(root, relative)
                            .toAbsolutePath()
                            .normalize();
                    assertTrue(p.startsWith(root) && !p.equals(root), relative + " gave " + p);
                } catch (IllegalArgumentException refused) {
                    assertTrue(refused.getMessage().contains("outside the results folder"), refused.getMessage());
                }
            }
        }
    }
}
