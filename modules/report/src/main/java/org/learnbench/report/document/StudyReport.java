package org.learnbench.report.document;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.learnbench.optim.Checkpoint;
import org.learnbench.report.stats.Bootstrap;
import org.learnbench.report.stats.Comparison;
import org.learnbench.report.stats.Curve;
import org.learnbench.report.stats.Descriptive;
import org.learnbench.report.stats.FixedBudget;
import org.learnbench.report.stats.FixedTarget;
import org.learnbench.report.stats.Friedman;
import org.learnbench.report.stats.Holm;
import org.learnbench.report.stats.PairedTest;
import org.learnbench.report.stats.VarghaDelaney;
import org.learnbench.report.study.ChartFiles;
import org.learnbench.report.study.Clock;
import org.learnbench.report.study.OptimizerColors;
import org.learnbench.report.study.RunCurve;
import org.learnbench.report.study.StudyCharts;

/**
 * The report of a study, written as report.md and a self-contained report.html beside charts (PNG and
 * SVG) in its charts folder: per task, final performance with bootstrap CIs, pairwise tests (Wilcoxon
 * signed-rank when the optimizers share seeds, Mann-Whitney U otherwise) Holm-corrected over the whole
 * study with Vargha-Delaney A12, fixed-target cost tables, the verdicts in plain words and the charts;
 * across tasks, the Friedman test with average ranks; and the provenance of the runs.
 *
 * <p>Everything is computed from the results store; the bootstrap uses a fixed seed, so the same results
 * give the same report.
 */
public final class StudyReport {
    private StudyReport() {}

    /** The files a report consists of. */
    public record Written(Path markdown, Path html, List<Path> charts) {
        public Written {
            charts = List.copyOf(charts);
        }
    }

    /** How a task is judged: its metric, direction, cost clock and targets. */
    private record Judging(String metric, boolean higherIsBetter, Clock clock, double[] targets) {}

    /** One optimizer's outcome on one task. */
    private record Outcome(
            String optimizer, long[] seeds, double[] finals, List<Curve> curves, double[] spent, double[] wall) {}

    public static Written write(StudyResults results) throws IOException {
        if (results.runs().isEmpty()) {
            throw new IllegalArgumentException(results.folder() + ": no finished runs to report on");
        }
        Path folder = results.folder();
        Path charts = folder.resolve("charts");
        Files.createDirectories(charts);
        List<Path> chartFiles = new ArrayList<>();
        OptimizerColors colors = new OptimizerColors(results.optimizers());
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

        List<Comparison> comparisons = new ArrayList<>();
        Map<String, List<Comparison>> comparisonsByTask = new LinkedHashMap<>();
        Map<String, Judging> judgings = new LinkedHashMap<>();
        Map<String, Map<String, Outcome>> outcomes = new LinkedHashMap<>();
        for (String task : results.tasks()) {
            List<RunCurve> runs =
                    results.runs().stream().filter(r -> r.task().equals(task)).toList();
            if (runs.isEmpty()) {
                continue;
            }
            Judging judging = judging(results, task, runs);
            judgings.put(task, judging);
            Map<String, Outcome> byOptimizer = new LinkedHashMap<>();
            for (String optimizer : results.optimizers()) {
                List<RunCurve> mine = runs.stream()
                        .filter(r -> r.optimizer().equals(optimizer))
                        .toList();
                if (!mine.isEmpty()) {
                    byOptimizer.put(optimizer, outcome(optimizer, mine, judging));
                }
            }
            outcomes.put(task, byOptimizer);
            List<Comparison> here = new ArrayList<>();
            List<Outcome> list = new ArrayList<>(byOptimizer.values());
            for (int i = 0; i < list.size(); i++) {
                for (int j = i + 1; j < list.size(); j++) {
                    here.add(compare(list.get(i), list.get(j), judging));
                }
            }
            comparisonsByTask.put(task, here);
            comparisons.addAll(here);
        }
        List<Comparison> adjusted = Holm.adjust(comparisons);
        int k = 0;
        for (Map.Entry<String, List<Comparison>> e : comparisonsByTask.entrySet()) {
            List<Comparison> withHolm = new ArrayList<>();
            for (int i = 0; i < e.getValue().size(); i++) {
                withHolm.add(adjusted.get(k++));
            }
            e.setValue(withHolm);
        }

        for (String task : outcomes.keySet()) {
            Judging j = judgings.get(task);
            Map<String, Outcome> byOptimizer = outcomes.get(task);
            List<RunCurve> runs =
                    results.runs().stream().filter(r -> r.task().equals(task)).toList();
            doc.heading(2, "Task " + task);
            doc.paragraph("Compared on " + j.metric() + " (" + (j.higherIsBetter() ? "higher" : "lower")
                    + " is better) of the run's final solution; cost on the "
                    + j.clock().label() + " clock.");
            List<List<String>> rows = new ArrayList<>();
            double[] reference = referenceValues(results, task, j.metric());
            for (Outcome o : byOptimizer.values()) {
                double[] finiteFinals =
                        Arrays.stream(o.finals()).filter(Double::isFinite).toArray();
                String cell = finiteFinals.length == 0
                        ? "- (no finite value)"
                        : interval(Bootstrap.medianCi(finiteFinals, new SplittableRandom(1)))
                                + (finiteFinals.length < o.finals().length
                                        ? " (" + (o.finals().length - finiteFinals.length) + " not finite)"
                                        : "");
                rows.add(List.of(
                        o.optimizer(),
                        Integer.toString(o.finals().length),
                        cell,
                        compact(Descriptive.median(o.spent())),
                        String.format(Locale.ROOT, "%.1f", Descriptive.median(o.wall()))));
            }
            if (reference.length > 0) {
                Bootstrap.Interval ci = Bootstrap.medianCi(reference, new SplittableRandom(1));
                rows.add(List.of(
                        "(reference) " + referenceName(results, task),
                        Integer.toString(reference.length),
                        interval(ci),
                        "-",
                        "-"));
            }
            doc.table(
                    List.of(
                            "optimizer",
                            "seeds",
                            "median " + j.metric() + " [95% CI]",
                            "median " + j.clock().label(),
                            "median wall s"),
                    rows);

            List<Comparison> here = comparisonsByTask.get(task);
            if (!here.isEmpty()) {
                List<List<String>> tests = new ArrayList<>();
                for (Comparison c : here) {
                    tests.add(List.of(
                            c.a() + " vs " + c.b(),
                            c.test(),
                            number(c.pValue()),
                            number(c.adjustedPValue()),
                            String.format(Locale.ROOT, "%.2f (%s)", c.a12(), VarghaDelaney.magnitude(c.a12()))));
                }
                doc.heading(3, "Pairwise comparisons");
                doc.table(List.of("pair", "test", "p", "p (Holm, whole study)", "A12 (first better if > 0.5)"), tests);
            }

            doc.heading(3, "Fixed budget: " + j.metric() + " after a share of the budget");
            double common = byOptimizer.values().stream()
                    .flatMapToDouble(o -> Arrays.stream(o.spent()))
                    .min()
                    .orElse(0);
            double[] budgets = {common / 100, common / 10, common};
            List<List<String>> budgetRows = new ArrayList<>();
            for (Outcome o : byOptimizer.values()) {
                List<String> row = new ArrayList<>();
                row.add(o.optimizer());
                for (double b : budgets) {
                    double[] values = o.curves().stream()
                            .mapToDouble(c -> FixedBudget.valueAt(c, b))
                            .filter(Double::isFinite)
                            .toArray();
                    row.add(values.length == 0 ? "-" : number(Descriptive.median(values)));
                }
                budgetRows.add(row);
            }
            doc.paragraph("Median over seeds of the last recorded value at each budget, up to the smallest budget "
                    + "every run of this task reached (" + compact(common) + " "
                    + j.clock().label() + ").");
            doc.table(
                    List.of(
                            "optimizer",
                            "at " + compact(budgets[0]),
                            "at " + compact(budgets[1]),
                            "at " + compact(budgets[2])),
                    budgetRows);

            doc.heading(3, "Fixed target: cost to reach " + j.metric());
            List<List<String>> targetRows = new ArrayList<>();
            for (double target : j.targets()) {
                for (Outcome o : byOptimizer.values()) {
                    FixedTarget.Result r = FixedTarget.evaluate(o.curves(), target, direction(j));
                    double hit = medianHit(o, target, j);
                    targetRows.add(List.of(
                            o.optimizer(),
                            (j.higherIsBetter() ? ">= " : "<= ") + number(target),
                            r.successes() + "/" + o.curves().size(),
                            Double.isFinite(hit) ? compact(hit) : "-",
                            Double.isFinite(r.ert()) ? compact(r.ert()) : "inf"));
                }
            }
            doc.table(
                    List.of(
                            "optimizer",
                            "target",
                            "reached",
                            "median " + j.clock().label() + " to reach (failures count as infinite)",
                            "expected running time"),
                    targetRows);

            doc.heading(3, "Verdicts");
            doc.bullets(verdicts(task, j, byOptimizer, here));

            doc.heading(3, "Charts");
            String base = safe(task);
            Path convergence = charts.resolve(base + "-convergence");
            chartFiles.addAll(ChartFiles.write(
                    withReference(
                            StudyCharts.convergence(runs, task, j.metric(), j.clock(), colors, 1),
                            reference,
                            results,
                            task),
                    convergence));
            doc.figure(
                    png(convergence),
                    task + ": median " + j.metric() + " over seeds against "
                            + j.clock().label() + ", with the bootstrap 95% CI of the median");
            Path wall = charts.resolve(base + "-convergence-wall");
            chartFiles.addAll(ChartFiles.write(
                    withReference(
                            StudyCharts.convergence(runs, task, j.metric(), Clock.WALL_SECONDS, colors, 1),
                            reference,
                            results,
                            task),
                    wall));
            doc.figure(png(wall), task + ": the same against wall-clock seconds");
            Path flops = charts.resolve(base + "-convergence-flops");
            chartFiles.addAll(ChartFiles.write(
                    withReference(
                            StudyCharts.convergence(runs, task, j.metric(), Clock.FLOPS, colors, 1),
                            reference,
                            results,
                            task),
                    flops));
            doc.figure(png(flops), task + ": the same against floating-point operations");
            Path box = charts.resolve(base + "-final");
            chartFiles.addAll(ChartFiles.write(StudyCharts.finalValues(runs, task, j.metric(), colors), box));
            doc.figure(png(box), task + ": final " + j.metric() + " per seed");
            Path ecdf = charts.resolve(base + "-ecdf");
            chartFiles.addAll(ChartFiles.write(
                    StudyCharts.ecdf(runs, task, j.metric(), j.targets(), j.higherIsBetter(), j.clock(), colors),
                    ecdf));
            doc.figure(
                    png(ecdf),
                    task + ": share of (seed, target) pairs reached within each budget, targets "
                            + Arrays.toString(j.targets()));
            double middle = j.targets()[j.targets().length / 2];
            Path cost = charts.resolve(base + "-cost");
            chartFiles.addAll(ChartFiles.write(
                    StudyCharts.costToTarget(runs, task, j.metric(), middle, j.higherIsBetter(), j.clock(), colors, 1),
                    cost));
            doc.figure(
                    png(cost),
                    task + ": median " + j.clock().label() + " to reach " + j.metric() + " "
                            + (j.higherIsBetter() ? ">= " : "<= ") + number(middle));
            List<RunCurve> gaps = gapCurves(runs);
            if (byOptimizer.size() >= 2 && !gaps.isEmpty()) {
                Path gap = charts.resolve(base + "-generalisation-gap");
                chartFiles.addAll(
                        ChartFiles.write(StudyCharts.convergence(gaps, task, GAP, j.clock(), colors, 1), gap));
                doc.figure(
                        png(gap),
                        task + ": generalisation gap (validation loss - train loss) of every optimizer "
                                + "setting, median over seeds: how regularisation settings compare when the study varies them");
            }
            for (String optimizer : byOptimizer.keySet()) {
                boolean hasLosses = runs.stream()
                        .anyMatch(r -> r.optimizer().equals(optimizer)
                                && !r.checkpoints().isEmpty()
                                && r.checkpoints().get(0).metrics().containsKey("validation_loss"));
                if (hasLosses) {
                    Path over = charts.resolve(base + "-overfitting-" + safe(optimizer));
                    chartFiles.addAll(
                            ChartFiles.write(StudyCharts.overfitting(runs, task, optimizer, j.clock()), over));
                    doc.figure(png(over), task + ", " + optimizer + ": train and validation loss and their gap");
                }
            }
        }

        friedman(doc, outcomes, judgings);
        provenance(doc, results);
        Path md = folder.resolve("report.md");
        Path html = folder.resolve("report.html");
        Files.writeString(md, doc.markdown(), StandardCharsets.UTF_8);
        Files.writeString(html, doc.html(), StandardCharsets.UTF_8);
        return new Written(md, html, chartFiles);
    }

    private static Judging judging(StudyResults results, String task, List<RunCurve> runs) {
        Map<String, Object> settings = results.taskSettings(task);
        String metric = settings == null ? "" : String.valueOf(settings.getOrDefault("metric", ""));
        Map<String, Double> last = runs.get(0)
                .checkpoints()
                .get(runs.get(0).checkpoints().size() - 1)
                .metrics();
        if (metric.isBlank()) {
            for (String candidate : List.of("test_accuracy", "test_r2", "eval_return", "fitness")) {
                if (last.containsKey(candidate)) {
                    metric = candidate;
                    break;
                }
            }
        }
        if (metric.isBlank() || !last.containsKey(metric)) {
            throw new IllegalArgumentException("task " + task + ": no metric to compare (set tasks." + task
                    + ".metric; the runs record " + last.keySet() + ")");
        }
        boolean higher = metric.endsWith("accuracy")
                || metric.endsWith("r2")
                || metric.contains("return")
                || metric.equals("solved");
        Clock clock = budgetClock(results, runs.get(0));
        @SuppressWarnings("unchecked")
        List<Number> given = settings == null ? List.of() : (List<Number>) settings.getOrDefault("targets", List.of());
        double[] targets = given.stream().mapToDouble(Number::doubleValue).toArray();
        if (targets.length == 0) {
            // Targets from the results: the 25th, 50th and 75th percentile of all runs' final values, so
            // that the table separates the optimizers instead of reporting all or nothing.
            String chosen = metric;
            double[] finals =
                    finite(runs.stream().mapToDouble(r -> lastValue(r, chosen)).toArray());
            targets = new double[] {
                round(Descriptive.quantile(finals, higher ? 0.25 : 0.75)),
                round(Descriptive.quantile(finals, 0.5)),
                round(Descriptive.quantile(finals, higher ? 0.75 : 0.25))
            };
            targets = Arrays.stream(targets).distinct().toArray();
        }
        return new Judging(metric, higher, clock, targets);
    }

    /**
     * The clock the task's budget limits (from the run's resolved config), so costs are reported on the
     * clock the optimizers were given equal amounts of: sample-forward-passes, evaluations, environment
     * steps, episodes, else iterations, else wall time.
     */
    @SuppressWarnings("unchecked")
    private static Clock budgetClock(StudyResults results, RunCurve run) {
        int index = results.runs().indexOf(run);
        Map<String, Object> config =
                (Map<String, Object>) results.manifests().get(index).get("config");
        Map<String, Object> budget =
                config == null ? Map.of() : (Map<String, Object>) config.getOrDefault("budget", Map.of());
        if (limited(budget.get("sample_forward_passes"))) {
            return Clock.SAMPLE_FORWARD_PASSES;
        }
        if (limited(budget.get("evaluations"))) {
            return Clock.EVALUATIONS;
        }
        if (limited(budget.get("env_steps"))) {
            return Clock.ENV_STEPS;
        }
        if (limited(budget.get("episodes"))) {
            return Clock.EPISODES;
        }
        return limited(budget.get("iterations")) || budget.get("wall_time") == null
                ? Clock.ITERATIONS
                : Clock.WALL_SECONDS;
    }

    /** A budget entry that sets a limit (absent, null and 0 mean none). */
    private static boolean limited(Object value) {
        return value != null && !(value instanceof Number n && n.doubleValue() == 0);
    }

    private static double round(double v) {
        if (v == 0 || !Double.isFinite(v)) {
            return v;
        }
        double scale = Math.pow(10, 2 - Math.floor(Math.log10(Math.abs(v))));
        return Math.round(v * scale) / scale;
    }

    private static double lastValue(RunCurve r, String metric) {
        return r.checkpoints().get(r.checkpoints().size() - 1).metric(metric);
    }

    private static Outcome outcome(String optimizer, List<RunCurve> runs, Judging j) {
        List<RunCurve> sorted = runs.stream()
                .sorted(java.util.Comparator.comparingLong(RunCurve::seed))
                .toList();
        long[] seeds = sorted.stream().mapToLong(RunCurve::seed).toArray();
        double[] finals =
                sorted.stream().mapToDouble(r -> lastValue(r, j.metric())).toArray();
        List<Curve> curves = new ArrayList<>();
        double[] spent = new double[sorted.size()];
        double[] wall = new double[sorted.size()];
        for (int i = 0; i < sorted.size(); i++) {
            List<Checkpoint> cps = sorted.get(i).checkpoints();
            double[] budgets = new double[cps.size()];
            double[] values = new double[cps.size()];
            for (int c = 0; c < cps.size(); c++) {
                budgets[c] = j.clock().of(cps.get(c).clocks());
                values[c] = cps.get(c).metric(j.metric());
            }
            curves.add(curve(budgets, values));
            spent[i] = budgets[budgets.length - 1];
            wall[i] = cps.get(cps.size() - 1).clocks().wallNanos() / 1e9;
        }
        return new Outcome(optimizer, seeds, finals, curves, spent, wall);
    }

    /** A curve with strictly increasing budgets: of checkpoints at the same budget, the last one counts. */
    private static Curve curve(double[] budgets, double[] values) {
        List<double[]> points = new ArrayList<>();
        for (int i = 0; i < budgets.length; i++) {
            if (!points.isEmpty() && points.get(points.size() - 1)[0] >= budgets[i]) {
                points.set(points.size() - 1, new double[] {points.get(points.size() - 1)[0], values[i]});
            } else {
                points.add(new double[] {budgets[i], values[i]});
            }
        }
        return new Curve(
                points.stream().mapToDouble(p -> p[0]).toArray(),
                points.stream().mapToDouble(p -> p[1]).toArray());
    }

    private static Comparison compare(Outcome a, Outcome b, Judging j) {
        // Orient the values so that "larger is better" for every test and for A12.
        double sign = j.higherIsBetter() ? 1 : -1;
        // A run that ended without a finite value (diverged) counts as the worst result, never as absent.
        double[] x = Arrays.stream(a.finals())
                .map(v -> Double.isFinite(v) ? sign * v : -Double.MAX_VALUE)
                .toArray();
        double[] y = Arrays.stream(b.finals())
                .map(v -> Double.isFinite(v) ? sign * v : -Double.MAX_VALUE)
                .toArray();
        boolean paired = Arrays.equals(a.seeds(), b.seeds());
        return paired
                ? PairedTest.wilcoxon(a.optimizer(), x, b.optimizer(), y)
                : PairedTest.mannWhitney(a.optimizer(), x, b.optimizer(), y);
    }

    private static List<String> verdicts(
            String task, Judging j, Map<String, Outcome> byOptimizer, List<Comparison> tests) {
        List<String> out = new ArrayList<>();
        for (Comparison c : tests) {
            Outcome a = byOptimizer.get(c.a());
            Outcome b = byOptimizer.get(c.b());
            double ma = medianOrNaN(a.finals());
            double mb = medianOrNaN(b.finals());
            boolean significant = c.adjustedPValue() < 0.05;
            String better = c.a12() >= 0.5 ? c.a() : c.b();
            out.add(String.format(
                    Locale.ROOT,
                    "On %s, %s reached a median %s of %s against %s for %s (%s, p = %s, Holm-adjusted %s; A12 = %.2f, %s): %s.",
                    task,
                    c.a(),
                    j.metric(),
                    number(ma),
                    number(mb),
                    c.b(),
                    c.test().equals(PairedTest.WILCOXON)
                            ? "Wilcoxon signed-rank over " + c.n() + " paired seeds"
                            : "Mann-Whitney U",
                    number(c.pValue()),
                    number(c.adjustedPValue()),
                    c.a12(),
                    VarghaDelaney.magnitude(c.a12()),
                    significant
                            ? better + " is better, significantly after correction"
                            : "the difference is not significant after correction"));
            for (double target : j.targets()) {
                double ha = medianHit(a, target, j);
                double hb = medianHit(b, target, j);
                if (Double.isFinite(ha) && Double.isFinite(hb) && ha > 0 && hb > 0) {
                    String cheaper = ha <= hb ? c.a() : c.b();
                    String dearer = ha <= hb ? c.b() : c.a();
                    out.add(String.format(
                            Locale.ROOT,
                            "To reach %s %s %s, %s needed a median %s %s, %.1fx fewer than %s (%s).",
                            j.metric(),
                            j.higherIsBetter() ? ">=" : "<=",
                            number(target),
                            cheaper,
                            compact(Math.min(ha, hb)),
                            j.clock().label(),
                            Math.max(ha, hb) / Math.min(ha, hb),
                            dearer,
                            compact(Math.max(ha, hb))));
                    break;
                }
            }
        }
        return out;
    }

    /**
     * The median budget to reach the target over all runs, a run that never reached it counting as
     * infinitely expensive: finite only when more than half the runs succeed, so an unreliable optimizer
     * never looks cheap by its lucky runs alone.
     */
    private static double medianHit(Outcome o, double target, Judging j) {
        FixedTarget.Result r = FixedTarget.evaluate(o.curves(), target, direction(j));
        double[] all = Arrays.stream(r.hittingBudgets())
                .map(h -> Double.isFinite(h) ? h : Double.POSITIVE_INFINITY)
                .sorted()
                .toArray();
        int n = all.length;
        double median = n % 2 == 1 ? all[n / 2] : (all[n / 2 - 1] + all[n / 2]) / 2;
        return Double.isFinite(median) ? median : Double.NaN;
    }

    private static void friedman(
            Document doc, Map<String, Map<String, Outcome>> outcomes, Map<String, Judging> judgings) {
        List<String> optimizers = outcomes.values().stream()
                .findFirst()
                .map(m -> List.copyOf(m.keySet()))
                .orElse(List.of());
        boolean complete = outcomes.values().stream().allMatch(m -> m.keySet().containsAll(optimizers));
        if (outcomes.size() < 2 || optimizers.size() < 2 || !complete) {
            return;
        }
        double[][] values = new double[outcomes.size()][optimizers.size()];
        int row = 0;
        for (Map.Entry<String, Map<String, Outcome>> e : outcomes.entrySet()) {
            double sign = judgings.get(e.getKey()).higherIsBetter() ? 1 : -1;
            for (int c = 0; c < optimizers.size(); c++) {
                values[row][c] = sign
                        * Descriptive.median(
                                worstForNaN(e.getValue().get(optimizers.get(c)).finals(), sign));
            }
            row++;
        }
        Friedman.FriedmanResult f = Friedman.test(values, true);
        doc.heading(2, "Across tasks");
        List<List<String>> rows = new ArrayList<>();
        for (int c = 0; c < optimizers.size(); c++) {
            rows.add(List.of(optimizers.get(c), String.format(Locale.ROOT, "%.2f", f.averageRanks()[c])));
        }
        doc.table(List.of("optimizer", "average rank over " + outcomes.size() + " tasks (1 = best)"), rows);
        doc.paragraph(String.format(
                Locale.ROOT,
                "Friedman test on the tasks' median %s: chi-square = %.3f, p = %s. With only %d tasks the test has little "
                        + "power; the per-task comparisons above carry the evidence.",
                "metrics",
                f.statistic(),
                number(f.pValue()),
                outcomes.size()));
    }

    @SuppressWarnings("unchecked")
    private static void provenance(Document doc, StudyResults results) {
        doc.heading(2, "Provenance");
        Map<String, Object> first = results.manifests().get(0);
        Map<String, Object> code = (Map<String, Object>) first.getOrDefault("code", Map.of());
        Map<String, Object> machine = (Map<String, Object>) first.getOrDefault("machine", Map.of());
        List<String> items = new ArrayList<>();
        items.add("Study file: " + results.description().get("source"));
        items.add("Code: commit " + code.get("commit")
                + (Boolean.TRUE.equals(code.get("dirty")) ? " (with uncommitted changes)" : "") + ", learnbench "
                + code.get("learnbench_version"));
        items.add("Machine: " + machine.get("java_vendor") + " Java " + machine.get("java_version") + ", "
                + machine.get("os") + " " + machine.get("arch") + ", " + machine.get("cpus") + " CPUs");
        items.add("Libraries: " + first.get("dependencies"));
        items.add("Every run's resolved config, config hash, seed, clocks and termination are in its manifest.json; "
                + "runs.csv indexes them, and learnbench verify re-runs any of them.");
        doc.bullets(items);
    }

    /** The name of the derived gap metric. */
    private static final String GAP = "generalisation_gap";

    /** Each run's curve of validation loss minus train loss (runs without both losses are left out). */
    private static List<RunCurve> gapCurves(List<RunCurve> runs) {
        List<RunCurve> out = new ArrayList<>();
        for (RunCurve r : runs) {
            if (r.checkpoints().isEmpty() || !r.checkpoints().get(0).metrics().containsKey("validation_loss")) {
                continue;
            }
            List<Checkpoint> gap = new ArrayList<>();
            for (Checkpoint c : r.checkpoints()) {
                gap.add(new Checkpoint(
                        c.clocks(), c.objective(), Map.of(GAP, c.metric("validation_loss") - c.metric("train_loss"))));
            }
            out.add(new RunCurve(r.task(), r.optimizer(), r.seed(), r.termination(), gap));
        }
        return out;
    }

    /** The reference models' final values of the metric on this task (empty when there are none). */
    private static double[] referenceValues(StudyResults results, String task, String metric) {
        return results.baselines().getOrDefault(task, List.of()).stream()
                .mapToDouble(b -> b.metrics().getOrDefault(metric, Double.NaN))
                .filter(Double::isFinite)
                .toArray();
    }

    private static String referenceName(StudyResults results, String task) {
        return results.baselines().get(task).get(0).name();
    }

    /**
     * Adds the reference model's median as a dashed horizontal line across the chart, and fits the y axis
     * to the medians (and the reference): a diverged seed can widen a confidence band by orders of
     * magnitude, which would flatten every curve; the band is then cut at the plot's edge.
     */
    private static org.knowm.xchart.XYChart withReference(
            org.knowm.xchart.XYChart chart, double[] reference, StudyResults results, String task) {
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        double bottom = Double.POSITIVE_INFINITY;
        double top = Double.NEGATIVE_INFINITY;
        for (org.knowm.xchart.XYSeries series : chart.getSeriesMap().values()) {
            for (double x : series.getXData()) {
                low = Math.min(low, x);
                high = Math.max(high, x);
            }
            if (!series.getName().endsWith(StudyCharts.BAND_SUFFIX)) {
                for (double y : series.getYData()) {
                    if (Double.isFinite(y)) {
                        bottom = Math.min(bottom, y);
                        top = Math.max(top, y);
                    }
                }
            }
        }
        if (reference.length > 0) {
            double median = Descriptive.median(reference);
            bottom = Math.min(bottom, median);
            top = Math.max(top, median);
            org.knowm.xchart.XYSeries line = chart.addSeries(
                    referenceName(results, task) + " (reference, median)",
                    new double[] {low, high},
                    new double[] {median, median});
            line.setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE);
            line.setLineColor(java.awt.Color.DARK_GRAY);
            line.setLineStyle(new java.awt.BasicStroke(
                    1.5f,
                    java.awt.BasicStroke.CAP_BUTT,
                    java.awt.BasicStroke.JOIN_ROUND,
                    10f,
                    new float[] {6f, 4f},
                    0f));
        }
        if (Double.isFinite(bottom)
                && Double.isFinite(top)
                && !chart.getStyler().isYAxisLogarithmic()) {
            double pad = Math.max(1e-9, 0.05 * (top - bottom));
            chart.getStyler().setYAxisMin(bottom - pad);
            chart.getStyler().setYAxisMax(top + pad);
        }
        return chart;
    }

    private static FixedTarget.Direction direction(Judging j) {
        return j.higherIsBetter() ? FixedTarget.Direction.HIGHER_IS_BETTER : FixedTarget.Direction.LOWER_IS_BETTER;
    }

    private static Path png(Path withoutExtension) {
        return withoutExtension.resolveSibling(withoutExtension.getFileName() + ".png");
    }

    private static double medianOrNaN(double[] values) {
        double[] f = Arrays.stream(values).filter(Double::isFinite).toArray();
        return f.length == 0 ? Double.NaN : Descriptive.median(f);
    }

    /** The values with non-finite ones replaced by the worst possible value for the direction. */
    private static double[] worstForNaN(double[] values, double sign) {
        return Arrays.stream(values)
                .map(v -> Double.isFinite(v) ? v : -sign * Double.MAX_VALUE)
                .toArray();
    }

    private static double[] finite(double[] values) {
        double[] f = Arrays.stream(values).filter(Double::isFinite).toArray();
        if (f.length == 0) {
            throw new IllegalArgumentException("no finite values to summarise");
        }
        return f;
    }

    private static boolean allFinite(double[] values) {
        return Arrays.stream(values).allMatch(Double::isFinite);
    }

    private static String interval(Bootstrap.Interval ci) {
        return number(ci.estimate()) + " [" + number(ci.low()) + ", " + number(ci.high()) + "]";
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        if (v != 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5)) {
            return String.format(Locale.ROOT, "%.3g", v);
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }

    static String compact(double n) {
        if (!Double.isFinite(n)) {
            return "-";
        }
        if (n < 1e4) {
            return String.format(Locale.ROOT, "%.0f", n);
        }
        if (n < 1e7) {
            return String.format(Locale.ROOT, "%.1fk", n / 1e3);
        }
        if (n < 1e10) {
            return String.format(Locale.ROOT, "%.2fM", n / 1e6);
        }
        return String.format(Locale.ROOT, "%.2fG", n / 1e9);
    }

    private static String safe(String text) {
        return text.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
