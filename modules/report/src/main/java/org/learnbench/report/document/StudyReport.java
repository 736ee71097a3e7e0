package org.learnbench.report.document;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.knowm.xchart.XYChart;
import org.learnbench.report.image.ConfusionMatrixChart;
import org.learnbench.report.study.ChartFiles;
import org.learnbench.report.study.Clock;

/**
 * The report of a study, written as report.md and a self-contained report.html beside charts (PNG and
 * SVG) in its charts folder: for each task, what {@link StudyAnalysis} computes (final performance with
 * bootstrap CIs, Holm-corrected pairwise tests with A12, fixed-budget and fixed-target tables, verdicts in
 * plain words) and its charts; across tasks, Friedman average ranks; and the provenance of the runs.
 *
 * <p>Everything is computed from the results store with fixed bootstrap seeds, so the same results give
 * the same report.
 */
public final class StudyReport {
    private StudyReport() {}

    /** The files a report consists of. */
    public record Written(Path markdown, Path html, List<Path> charts) {
        public Written {
            charts = List.copyOf(charts);
        }
    }

    public static Written write(StudyResults results) throws IOException {
        StudyAnalysis analysis = StudyAnalysis.of(results);
        Path folder = results.folder();
        Path charts = folder.resolve("charts");
        Files.createDirectories(charts);
        List<Path> chartFiles = new ArrayList<>();
        String name = String.valueOf(results.description().get("study"));
        Document doc = new Document(folder, "Study " + name);
        String description = String.valueOf(results.description().getOrDefault("description", ""));
        if (!description.isBlank()) {
            doc.paragraph(description);
        }
        doc.paragraph(
                results.runs().size() + " finished runs: " + results.tasks().size() + " task(s) x "
                        + results.optimizers().size() + " optimizer setting(s) x seeds "
                        + results.description().get("seeds")
                        + ". Every optimizer got the same budget on each task and the same seeds, so results pair by seed. "
                        + "Medians over seeds, with bootstrap 95% confidence intervals in brackets.");

        doc.heading(2, "Summary");
        protocol(doc, analysis, results);
        doc.paragraph(analysis.power());
        for (String task : analysis.tasks()) {
            doc.heading(3, "Summary: " + task);
            doc.bullets(analysis.headline(task));
        }
        List<String> contents = new ArrayList<>();
        analysis.tasks().forEach(t -> contents.add("Task " + t));
        if (analysis.ranks().isPresent()) {
            contents.add("Across tasks");
        }
        contents.add("Provenance");
        doc.contents(contents);

        for (String task : analysis.tasks()) {
            StudyAnalysis.Judging j = analysis.judging(task);
            doc.heading(2, "Task " + task);
            doc.paragraph("Compared on " + j.metric() + " (" + (j.higherIsBetter() ? "higher" : "lower")
                    + " is better) "
                    + (j.bestValidation()
                            ? "at each run's checkpoint with the lowest validation loss (what early stopping with"
                                    + " restore keeps; this study's choice)"
                            : "of the run's final solution")
                    + (j.metric().endsWith("_log")
                            ? ", on the log scale the model was trained on (the same metric in the target's own"
                                    + " units, without _log, is in runs.csv; set tasks.<label>.metric to choose it)"
                            : "")
                    + "; cost on the " + j.clock().label() + " clock.");
            Path tables = folder.resolve("tables");
            doc.table(csv(analysis.summary(task), tables, safe(task) + "-summary"));
            if (!analysis.comparisons(task).isEmpty()) {
                doc.heading(3, "Pairwise comparisons");
                doc.table(csv(analysis.comparisonTable(task), tables, safe(task) + "-comparisons"));
            }
            doc.heading(3, "Fixed budget: " + j.metric() + " after a share of the budget");
            doc.paragraph("Median over seeds of the last recorded value at each budget, up to the smallest budget "
                    + "every run of this task reached (" + StudyAnalysis.compact(analysis.commonBudget(task)) + " "
                    + j.clock().label() + ").");
            doc.table(csv(analysis.fixedBudget(task), tables, safe(task) + "-fixed-budget"));
            doc.heading(3, "Fixed target: cost to reach " + j.metric());
            doc.table(csv(analysis.fixedTarget(task), tables, safe(task) + "-fixed-target"));
            doc.heading(3, "Verdicts");
            doc.bullets(analysis.verdicts(task));
            if (!analysis.tunedOptimizers(task).isEmpty()) {
                doc.heading(3, "Tuning");
                doc.paragraph("Each tuned optimizer ran the same number of trials (points of its search space) on the "
                        + "trial seeds; the trial with the best mean selection metric was re-run on the study's seeds, "
                        + "and only those runs are compared above. The test value of the selected trial is shown, "
                        + "never used. The chart shows the expected best of k trials (the mean over every k-subset of "
                        + "the trials run), so a reader sees how much each optimizer's result depends on its tuning "
                        + "budget; the band is a bootstrap 95% interval over the trials.");
                doc.table(csv(analysis.tuningTable(task), tables, safe(task) + "-tuning"));
            }

            doc.heading(3, "Charts");
            String base = safe(task);
            Figures figures = new Figures(doc, charts, chartFiles);
            figures.add(
                    analysis.convergence(task),
                    base + "-convergence",
                    task + ": median " + j.metric() + " over seeds against "
                            + j.clock().label() + ", with the bootstrap 95% CI of the median");
            figures.add(
                    analysis.convergence(task, Clock.WALL_SECONDS),
                    base + "-convergence-wall",
                    task + ": the same against wall-clock seconds");
            figures.add(
                    analysis.convergence(task, Clock.FLOPS),
                    base + "-convergence-flops",
                    task + ": the same against floating-point operations");
            figures.add(analysis.finalValues(task), base + "-final", task + ": final " + j.metric() + " per seed");
            figures.add(
                    analysis.ecdf(task),
                    base + "-ecdf",
                    task + ": share of (seed, target) pairs reached within each budget, targets "
                            + Arrays.toString(j.targets()));
            figures.add(
                    analysis.costToTarget(task),
                    base + "-cost",
                    task + ": median " + j.clock().label() + " to reach " + j.metric() + " "
                            + (j.higherIsBetter() ? ">= " : "<= ") + StudyAnalysis.number(analysis.middleTarget(task)));
            Optional<XYChart> tuningCurve = analysis.expectedBest(task);
            if (tuningCurve.isPresent()) {
                figures.add(
                        tuningCurve.get(),
                        base + "-tuning-budget",
                        task + ": expected best selection metric (solid, with bootstrap 95% band) and the test value "
                                + "of that trial (dashed) after k tuning trials");
            }
            Optional<XYChart> gap = analysis.generalisationGap(task);
            if (gap.isPresent()) {
                figures.add(
                        gap.get(),
                        base + "-generalisation-gap",
                        task + ": generalisation gap (validation loss - train loss) of every optimizer "
                                + "setting, median over seeds: how regularisation settings compare when the study varies them");
            }
            for (String optimizer : analysis.optimizersWithLosses(task)) {
                figures.add(
                        analysis.overfitting(task, optimizer),
                        base + "-overfitting-" + safe(optimizer),
                        task + ", " + optimizer + ": train and validation loss and their gap");
            }
            for (String optimizer : results.optimizers()) {
                List<Path> confusions = results.confusionFiles(task, optimizer);
                if (!confusions.isEmpty()) {
                    String file = base + "-confusion-" + safe(optimizer) + ".png";
                    ConfusionMatrixChart.writeSummed(confusions, task + ", " + optimizer, charts.resolve(file));
                    chartFiles.add(charts.resolve(file));
                    doc.figure(
                            charts.resolve(file),
                            task + ", " + optimizer + ": confusion matrix of each seed's returned solution on the "
                                    + "test split, summed over its " + confusions.size()
                                    + " seeds (rows: true class, shaded by the row's share)");
                }
            }
        }

        Optional<StudyAnalysis.Ranks> ranks = analysis.ranks();
        if (ranks.isPresent()) {
            doc.heading(2, "Across tasks");
            doc.table(ranks.get().ranks());
            doc.paragraph(String.format(
                    Locale.ROOT,
                    "Friedman test on the tasks' median %s: chi-square = %.3f, p = %s. With only %d tasks the test has little "
                            + "power; the per-task comparisons above carry the evidence.",
                    "metrics",
                    ranks.get().test().statistic(),
                    StudyAnalysis.number(ranks.get().test().pValue()),
                    ranks.get().tasks()));
            Optional<StudyAnalysis.Profiles> profiles = analysis.profiles();
            if (profiles.isPresent()) {
                doc.heading(3, "Performance profiles");
                doc.paragraph("A performance profile (Dolan and Moré 2002, as MLCommons AlgoPerf scores optimizers) "
                        + "plots, for each optimizer, the fraction of tasks on which it is within a factor tau of the "
                        + "best optimizer on that task, in cost to reach the task's target (expected running time on "
                        + "its clock) or in final error; the area under it over log tau from 1 to "
                        + (int) StudyAnalysis.PROFILE_TAU_MAX
                        + ", scaled to [0, 1], is 1 for an optimizer that is best on every task.");
                doc.table(csv(profiles.get().table(), folder.resolve("tables"), "performance-profiles"));
                Figures across = new Figures(doc, charts, chartFiles);
                across.add(
                        analysis.profileChart(profiles.get(), true),
                        "profile-cost",
                        "Performance profile of the cost to reach each task's target");
                if (!profiles.get().qualityTasks().isEmpty()) {
                    across.add(
                            analysis.profileChart(profiles.get(), false),
                            "profile-quality",
                            "Performance profile of the final error");
                }
            }
        }
        LatexTable paper = analysis.paperTable();
        Path tables = folder.resolve("tables");
        Files.createDirectories(tables);
        Files.writeString(
                tables.resolve("main.tex"),
                paper.latex(
                        "Study " + name + ": final "
                                + String.join(
                                        ", ",
                                        analysis.tasks().stream()
                                                .map(t -> analysis.judging(t).metric() + " (" + t + ")")
                                                .toList())
                                + ".",
                        "tab:" + safe(name)),
                StandardCharsets.UTF_8);
        Files.writeString(tables.resolve("main.csv"), paper.csv(), StandardCharsets.UTF_8);
        doc.paragraph("The main results as a LaTeX table (booktabs) and as CSV: tables/main.tex and tables/main.csv; "
                + "every table above is also in tables/ as CSV.");
        provenance(doc, results);
        Path md = folder.resolve("report.md");
        Path html = folder.resolve("report.html");
        Files.writeString(md, doc.markdown(), StandardCharsets.UTF_8);
        Files.writeString(html, doc.html(), StandardCharsets.UTF_8);
        return new Written(md, html, chartFiles);
    }

    /** Writes each chart as PNG and SVG into the charts folder and adds the PNG to the document. */
    private record Figures(Document doc, Path folder, List<Path> written) {
        void add(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, String file, String caption)
                throws IOException {
            Path withoutExtension = folder.resolve(file);
            written.addAll(ChartFiles.write(chart, withoutExtension));
            doc.figure(withoutExtension.resolveSibling(file + ".png"), caption);
        }
    }

    /** The protocol of every optimizer setting, so no reader mistakes a hand-set comparison for a tuned one. */
    private static void protocol(Document doc, StudyAnalysis analysis, StudyResults results) {
        Map<String, String> protocols = analysis.protocols();
        if (protocols.isEmpty()) {
            doc.paragraph("**Protocol:** not recorded (a study written before protocols were); each optimizer ran as "
                    + "its entry in the study file sets it.");
            return;
        }
        boolean tuned = protocols.values().stream().anyMatch(p -> p.startsWith("tuned"));
        doc.paragraph("**Protocol:** "
                + (tuned
                        ? "tuned study: every tuned optimizer got the same number of trials on each task; its best trial on "
                                + "validation was re-run on the evaluation seeds "
                                + results.description().get("seeds")
                                + ", disjoint from the trial seeds, and only those runs are compared. The test split never "
                                + "selected anything."
                        : "no tuning: every optimizer ran as its entry in the study file sets it, so a difference may be a "
                                + "property of the settings rather than of the optimizer family."));
        List<String> items = new ArrayList<>();
        protocols.forEach((optimizer, p) -> items.add(optimizer + ": " + p));
        doc.bullets(items);
    }

    @SuppressWarnings("unchecked")
    private static void provenance(Document doc, StudyResults results) {
        doc.heading(2, "Provenance");
        Map<String, Object> first = results.manifests().get(0);
        Map<String, Object> code = (Map<String, Object>) first.getOrDefault("code", Map.of());
        Map<String, Object> machine = (Map<String, Object>) first.getOrDefault("machine", Map.of());
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("study file", String.valueOf(results.description().get("source"))));
        rows.add(List.of(
                "code",
                "commit " + code.get("commit")
                        + (Boolean.TRUE.equals(code.get("dirty")) ? " (with uncommitted changes)" : "")));
        rows.add(List.of("learnbench", String.valueOf(first.get("learnbench"))));
        rows.add(List.of(
                "CPU", machine.getOrDefault("cpu_model", "not recorded") + ", " + machine.get("cpus") + " cores"));
        rows.add(List.of(
                "Java",
                machine.get("java_vendor") + " " + machine.get("java_version") + " (" + machine.get("java_vm") + ")"));
        rows.add(List.of("OS", machine.get("os") + " " + machine.get("arch")));
        rows.add(List.of("multiply kernel", String.valueOf(machine.get("matrix_kernel"))));
        if (first.get("dependencies") instanceof Map<?, ?> deps) {
            deps.forEach((k, v) -> rows.add(List.of(String.valueOf(k), String.valueOf(v))));
        }
        long machines = results.manifests().stream()
                .map(m -> String.valueOf(((Map<String, Object>) m.getOrDefault("machine", Map.of())).get("cpu_model"))
                        + "|" + ((Map<String, Object>) m.getOrDefault("code", Map.of())).get("commit"))
                .distinct()
                .count();
        if (results.description().get("protocols") instanceof Map<?, ?> protocols) {
            protocols.forEach((k, v) -> rows.add(List.of("protocol: " + k, String.valueOf(v))));
        }
        doc.table(new Table(List.of("what", "value (of the first run)"), rows));
        doc.paragraph((machines == 1
                        ? "Every run was computed by the same code on the same kind of machine. "
                        : machines + " different (CPU, commit) pairs computed these runs. ")
                + "Every run's resolved config, config hash, seed, clocks and termination are in its manifest.json; "
                + "runs.csv indexes them, and learnbench verify re-runs any of them.");
    }

    /** Writes a table as CSV (RFC 4180 quoting) into {@code folder}, for spreadsheets and scripts, and returns it. */
    private static Table csv(Table table, Path folder, String name) throws IOException {
        Files.createDirectories(folder);
        StringBuilder s = new StringBuilder();
        List<List<String>> lines = new ArrayList<>();
        lines.add(table.header());
        lines.addAll(table.rows());
        for (List<String> line : lines) {
            List<String> cells = new ArrayList<>();
            for (String cell : line) {
                cells.add(cell.matches(".*[\",\n\r].*") ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell);
            }
            s.append(String.join(",", cells)).append('\n');
        }
        Files.writeString(folder.resolve(name + ".csv"), s, StandardCharsets.UTF_8);
        return table;
    }

    private static String safe(String text) {
        return text.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
