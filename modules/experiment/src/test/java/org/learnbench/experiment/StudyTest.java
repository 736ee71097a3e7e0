package org.learnbench.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnbench.experiment.run.Replay;
import org.learnbench.experiment.study.StudyConfig;
import org.learnbench.experiment.study.StudyReader;

/** Studies end to end: grid expansion, resuming after a kill, the runs.csv index, and verify. */
class StudyTest {
    @TempDir
    Path tmp;

    private static final String STUDY =
            """
            study: tiny
            tasks:
              sphere:
                task: {type: sphere, dimension: 6}
              rastrigin:
                task: {type: rastrigin, dimension: 4}
            optimizers:
              ga:
                optimizer: {type: genetic, population: 20, mutation: {sigma: [0.1, 0.5], schedule: decay}}
              cmaes:
                optimizer: {type: cmaes, sigma: 1.0}
            budget: {evaluations: 6000}
            checkpoints: {log_spaced: 10, clock: evaluations}
            seeds: 1..3
            parallel: 2
            """;

    private Path study(String text) throws IOException {
        return CliHarness.config(tmp, "study.yaml", text);
    }

    /**
     * The runs a live study has committed so far; 0 when a folder was renamed or removed while the walk read
     * it (the study commits by renaming), so the caller simply looks again.
     */
    private static int finishedSoFar(Path root) {
        try {
            return runFolders(root).size();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }

    private static List<Path> runFolders(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            // A run being written lives in a hidden .partial- folder until it is committed.
            return files.filter(f -> f.getFileName().toString().equals("manifest.json"))
                    .map(Path::getParent)
                    .filter(run -> !run.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void expandsTasksTimesTheOptimizerGridTimesSeeds() throws IOException {
        StudyConfig c = StudyReader.read(study(STUDY));
        assertEquals(2 * 3 * 3, c.runs().size());
        assertEquals(List.of("ga_sigma-0.1", "ga_sigma-0.5", "cmaes"), c.optimizers());
        assertEquals(
                Path.of("sphere", "ga_sigma-0.5", "seed-2"), c.runs().get(4).folder());
    }

    @Test
    void aMistakeInAStudyNamesTheStudyLineAndTheEntry() throws IOException {
        CliHarness.Outcome o = CliHarness.run(
                "study", study(STUDY.replace("sigma: 1.0", "sigma: -1")).toString(), "--dry-run");
        assertEquals(2, o.exitCode(), o.err());
        assertTrue(
                o.err().contains("study.yaml: line 11")
                        && o.err().contains("optimizers.cmaes")
                        && o.err().contains("optimizer.sigma"),
                o.err());
    }

    @Test
    void aKilledStudyResumesToTheSameResultsAsAnUninterruptedOne() throws Exception {
        Path file =
                study(STUDY.replace("parallel: 2", "parallel: 1").replace("evaluations: 6000", "evaluations: 400000"));
        // Uninterrupted, in this JVM.
        CliHarness.Outcome whole = CliHarness.run(
                "study", file.toString(), "--results", tmp.resolve("a").toString());
        assertEquals(0, whole.exitCode(), whole.err());
        // Killed: a separate JVM, destroyed once a few runs have been committed.
        Path b = tmp.resolve("b");
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        // The same multiply kernel as this JVM, so both halves of the study round alike.
                        "--add-modules",
                        "jdk.incubator.vector",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "org.learnbench.experiment.cli.Learnbench",
                        "study",
                        file.toString(),
                        "--results",
                        b.toString())
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("killed.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while ((!Files.exists(b) || finishedSoFar(b) < 3) && System.nanoTime() < deadline && p.isAlive()) {
            Thread.sleep(20);
        }
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        int finishedBeforeKill = runFolders(b).size();
        assertTrue(finishedBeforeKill >= 3 && finishedBeforeKill < 18, "killed after " + finishedBeforeKill + " runs");
        assertFalse(Files.exists(b.resolve("tiny/runs.csv")), "the killed study never wrote its index");
        // Resumed: only the missing runs run.
        CliHarness.Outcome resumed = CliHarness.run("study", file.toString(), "--results", b.toString());
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertTrue(resumed.out().contains(finishedBeforeKill + " already done"), resumed.out());
        List<Path> left = runFolders(tmp.resolve("a"));
        List<Path> right = runFolders(b);
        assertEquals(18, left.size());
        assertEquals(18, right.size());
        for (int i = 0; i < left.size(); i++) {
            assertEquals(
                    List.of(),
                    Replay.differences(
                            left.get(i).resolve("metrics.csv"), right.get(i).resolve("metrics.csv")),
                    right.get(i).toString());
        }
        List<String> index = Files.readAllLines(b.resolve("tiny/runs.csv"), StandardCharsets.UTF_8);
        assertEquals(19, index.size());
        assertTrue(index.get(0).startsWith("task,optimizer,seed,folder,config_hash,termination"), index.get(0));
        // The report: tables, tests and verdicts per task, charts as PNG and SVG, one self-contained page.
        String report = Files.readString(b.resolve("tiny/report.md"));
        for (String section : List.of(
                "## Task sphere",
                "## Task rastrigin",
                "Pairwise comparisons",
                "Fixed budget",
                "Fixed target",
                "Verdicts",
                "## Across tasks",
                "## Provenance",
                "wilcoxon-signed-rank",
                "## Summary",
                "What this design can show",
                "Summary: sphere")) {
            assertTrue(report.contains(section), "report.md lacks " + section);
        }
        // The cost chart draws what the fixed-target table tabulates: the same median (failures infinite),
        // and a marker, never a bar, where the median was not reached.
        org.learnbench.report.document.StudyAnalysis analysis = org.learnbench.report.document.StudyAnalysis.of(
                org.learnbench.report.document.StudyResults.load(b.resolve("tiny")));
        int compared = 0;
        for (String task : analysis.tasks()) {
            double middle = analysis.middleTarget(task);
            var chart = analysis.costToTarget(task);
            var table = analysis.fixedTarget(task);
            for (List<String> row : table.rows()) {
                if (!row.get(1).endsWith(org.learnbench.report.document.StudyAnalysis.number(middle))) {
                    continue;
                }
                String optimizer = row.get(0);
                compared++;
                var series = chart.getSeriesMap().entrySet().stream()
                        .filter(e -> e.getKey().startsWith(optimizer + " ("))
                        .findFirst()
                        .orElseThrow()
                        .getValue();
                Number drawn = series.getYData().stream()
                        .filter(java.util.Objects::nonNull)
                        .findFirst()
                        .orElse(null);
                if (row.get(3).equals("-")) {
                    assertTrue(
                            drawn == null,
                            task + " " + optimizer + ": a bar for a median the table says was not reached");
                } else {
                    assertEquals(
                            row.get(3),
                            org.learnbench.report.document.StudyAnalysis.compact(drawn.doubleValue()),
                            task + " " + optimizer);
                }
            }
        }
        assertTrue(compared >= 4, "compared " + compared + " table rows with the cost chart");
        String html = Files.readString(b.resolve("tiny/report.html"));
        assertTrue(
                html.startsWith("<!DOCTYPE html>")
                        && html.contains("<svg")
                        && html.contains("<text")
                        && !html.contains("src=\"charts/"),
                "self-contained html with inline SVG charts");
        assertTrue(Files.readString(b.resolve("tiny/charts/sphere-convergence.svg"))
                .contains("<svg"));
        assertTrue(Files.size(b.resolve("tiny/charts/rastrigin-ecdf.png")) > 1000);
    }

    @Test
    void verifyReRunsRunsWithAnotherThreadCountAndCatchesATamperedResult() throws IOException {
        Path file = study(STUDY.replace("seeds: 1..3", "seeds: [1]"));
        assertEquals(
                0,
                CliHarness.run(
                                "study",
                                file.toString(),
                                "--results",
                                tmp.resolve("r").toString())
                        .exitCode());
        CliHarness.Outcome ok = CliHarness.run("verify", tmp.resolve("r/tiny").toString(), "--all", "--threads", "2");
        assertEquals(0, ok.exitCode(), ok.out() + ok.err());
        assertTrue(ok.out().contains("6 of 6 re-run runs identical"), ok.out());
        // The digits quick start too: a network run, re-run on another thread count.
        Path results = tmp.resolve("x");
        assertEquals(
                0,
                CliHarness.run(
                                "run",
                                CliHarness.EXPERIMENTS
                                        .resolve("digits-quickstart.yaml")
                                        .toString(),
                                "--results",
                                results.toString(),
                                "-q",
                                "--threads",
                                "1")
                        .exitCode());
        CliHarness.Outcome digits =
                CliHarness.run("verify", results.resolve("digits-quickstart").toString(), "--threads", "2");
        assertEquals(0, digits.exitCode(), digits.out() + digits.err());
        // Tampering with one learning value is caught.
        Path metrics = runFolders(tmp.resolve("r")).get(0).resolve("metrics.csv");
        List<String> lines = Files.readAllLines(metrics);
        String[] cells = lines.get(2).split(",", -1);
        cells[cells.length - 1] = "12345";
        lines.set(2, String.join(",", cells));
        Files.write(metrics, lines);
        CliHarness.Outcome bad = CliHarness.run("verify", tmp.resolve("r/tiny").toString(), "--all");
        assertEquals(1, bad.exitCode());
        assertTrue(bad.out().contains("DIFFERENT") && bad.out().contains("5 of 6"), bad.out());
    }

    @Test
    void aSupervisedStudyReportsTribuosLinearModelAsAReference() throws IOException {
        Path file = CliHarness.config(
                tmp,
                "digits-study.yaml",
                """
                study: digits-tiny
                tasks:
                  digits:
                    task: {dataset: DIGITS, target: target, kind: classification}
                    network: {hidden: [16], activation: relu}
                    targets: [0.5, 0.8]
                    report: best_validation
                optimizers:
                  backprop:
                    optimizer: {type: backprop, learning_rate: 0.003}
                  random:
                    optimizer: {type: random_search, samples: 10, fitness_batch: 64}
                budget: {sample_forward_passes: 40000}
                checkpoints: {log_spaced: 8, clock: sample_forward_passes}
                seeds: [1, 2]
                """);
        CliHarness.Outcome o = CliHarness.run(
                "study", file.toString(), "--results", tmp.resolve("r").toString());
        assertEquals(0, o.exitCode(), o.out() + o.err());
        List<String> baselines = Files.readAllLines(tmp.resolve("r/digits-tiny/digits/baselines.csv"));
        assertEquals(3, baselines.size());
        assertTrue(
                baselines.get(0).equals("baseline,seed,train_accuracy,validation_accuracy,test_accuracy"),
                baselines.get(0));
        assertTrue(baselines.get(1).startsWith("tribuo-linear-sgd,1,"), baselines.get(1));
        String report = Files.readString(tmp.resolve("r/digits-tiny/report.md"));
        assertTrue(report.contains("(reference) tribuo-linear-sgd | 2 |"), report);
        assertTrue(report.contains(">= 0.8"), "the study's own targets are used");
        assertTrue(report.contains("checkpoint with the lowest validation loss"), "the report says which checkpoint");
        assertTrue(report.contains("**Best-validation test_accuracy:**"), "and its summary too");
        // Each classification cell's confusion matrices, summed over its seeds: 2 seeds' test splits.
        Path summed = tmp.resolve("r/digits-tiny/charts/digits-confusion-backprop.png");
        assertTrue(report.contains("charts/digits-confusion-backprop.png"), report);
        assertTrue(report.contains("summed over its 2 seeds"), report);
        java.awt.image.BufferedImage picture = javax.imageio.ImageIO.read(summed.toFile());
        assertTrue(picture.getWidth() > 200 && picture.getHeight() > 200, "a drawn picture");
        long testRows = 0;
        for (String seed : List.of("seed-1", "seed-2")) {
            Path csv =
                    tmp.resolve("r/digits-tiny/digits/backprop").resolve(seed).resolve("confusion.csv");
            testRows += java.util.Arrays.stream(org.learnbench.report.image.ConfusionMatrixChart.readCsv(csv)
                            .counts())
                    .flatMapToLong(java.util.Arrays::stream)
                    .sum();
        }
        // The default split keeps 15% of the 1797 digits for test: 269 per seed (stratified rounding).
        assertEquals(2 * 269, testRows, "the summed picture counts both seeds' test splits");
    }

    @Test
    void everyShippedStudyIsValid() throws IOException {
        List<Path> studies;
        try (java.util.stream.Stream<Path> files = Files.list(CliHarness.EXPERIMENTS)) {
            studies = files.filter(f -> f.toString().endsWith(".yaml"))
                    .filter(CliHarness::isStudy)
                    .sorted()
                    .toList();
        }
        assertTrue(studies.size() >= 10, studies.toString());
        for (Path study : studies) {
            String name = study.getFileName().toString();
            CliHarness.Outcome o = CliHarness.run(
                    "study",
                    study.toString(),
                    "--dry-run",
                    "--results",
                    tmp.resolve("dry").toString());
            assertEquals(0, o.exitCode(), name + ": " + o.err());
            assertTrue(o.out().contains("pending"), o.out());
        }
    }

    @Test
    void aDerivedStudyKeepsItsOwnNameAndBadGridsAreRefused() throws IOException {
        CliHarness.config(tmp, "base.yaml", STUDY);
        Path derived = CliHarness.config(tmp, "derived.yaml", "extends: base.yaml\nseeds: [1]\n");
        StudyConfig c = StudyReader.read(derived);
        assertEquals("derived", c.name(), "a derived study never writes into its base's results");
        assertEquals(2 * 3, c.runs().size());
        CliHarness.Outcome same = CliHarness.run(
                "study",
                study(STUDY.replace("sigma: [0.1, 0.5]", "sigma: [0.5, 0.5]")).toString(),
                "--dry-run");
        assertEquals(2, same.exitCode());
        assertTrue(same.err().contains("share the run folder"), same.err());
        CliHarness.Outcome empty = CliHarness.run(
                "study", study(STUDY.replace("sigma: [0.1, 0.5]", "sigma: []")).toString(), "--dry-run");
        assertEquals(2, empty.exitCode());
        assertTrue(
                empty.err().contains("optimizers.ga.optimizer") && empty.err().contains("empty list"), empty.err());
        Path chained = CliHarness.config(tmp, "chained.yaml", "extends: derived.yaml\n");
        CliHarness.Outcome chain = CliHarness.run("study", chained.toString(), "--dry-run");
        assertEquals(2, chain.exitCode());
        assertTrue(chain.err().contains("chains of extends"), chain.err());
    }
}
