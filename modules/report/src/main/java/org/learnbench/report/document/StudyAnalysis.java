package org.learnbench.report.document;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
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
import org.learnbench.report.study.Clock;
import org.learnbench.report.study.OptimizerColors;
import org.learnbench.report.study.RunCurve;
import org.learnbench.report.study.StudyCharts;

/**
 * What a study's results say, computed once from the results store and handed out as tables, sentences
 * and charts: per task, how it is judged (metric, direction, cost clock, targets), each optimizer's final
 * values and costs, pairwise tests (Wilcoxon signed-rank when the optimizers share seeds, Mann-Whitney U
 * otherwise) Holm-corrected over the whole study with Vargha-Delaney A12, fixed-budget and fixed-target
 * tables and verdicts; across tasks, Friedman average ranks. {@link StudyReport} writes all of it as a
 * document; a notebook shows any part of it.
 *
 * <p>The bootstrap draws from the study seed's "bootstrap" stream, afresh for every interval, so the
 * same results always give the same numbers.
 */
public final class StudyAnalysis {
    /** The name of the derived metric "validation loss minus train loss". */
    public static final String GAP = "generalisation_gap";

    /**
     * How a task is judged.
     *
     * @param metric the metric compared at the end of the runs
     * @param higherIsBetter its direction
     * @param clock the clock the task's budget limits, on which costs are reported
     * @param targets the fixed-target levels (from the study, else the quartiles of the final values)
     */
    public record Judging(
            String metric, boolean higherIsBetter, Clock clock, double[] targets, boolean bestValidation) {
        public Judging {
            targets = targets.clone();
        }

        @Override
        public double[] targets() {
            return targets.clone();
        }
    }

    /** One optimizer's outcome on one task, its runs sorted by seed. */
    private record Outcome(
            String optimizer, long[] seeds, double[] finals, List<Curve> curves, double[] spent, double[] wall) {}

    private final StudyResults results;
    private final OptimizerColors colors;
    private final Map<String, Judging> judgings = new LinkedHashMap<>();
    private final Map<String, Map<String, Outcome>> outcomes = new LinkedHashMap<>();
    private final Map<String, List<Comparison>> comparisons = new LinkedHashMap<>();

    private StudyAnalysis(StudyResults results) {
        this.results = results;
        this.colors = new OptimizerColors(results.optimizers());
        List<Comparison> all = new ArrayList<>();
        for (String task : results.tasks()) {
            List<RunCurve> runs = runs(task);
            if (runs.isEmpty()) {
                continue;
            }
            Judging judging = judging(task, runs);
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
            comparisons.put(task, here);
            all.addAll(here);
        }
        // Holm's correction runs over every comparison of the study at once, then is handed back per task.
        List<Comparison> adjusted = Holm.adjust(all);
        int k = 0;
        for (Map.Entry<String, List<Comparison>> e : comparisons.entrySet()) {
            e.setValue(List.copyOf(adjusted.subList(k, k + e.getValue().size())));
            k += e.getValue().size();
        }
    }

    /** Analyses a study's results; refuses a study without finished runs. */
    public static StudyAnalysis of(StudyResults results) {
        if (results.runs().isEmpty()) {
            throw new IllegalArgumentException(results.folder() + ": no finished runs to report on");
        }
        return new StudyAnalysis(results);
    }

    /** A fresh generator of the study's bootstrap stream: every interval resamples the same way. */
    private java.util.random.RandomGenerator bootstrap() {
        return new org.learnbench.optim.SeedStreams(results.seed()).stream(org.learnbench.optim.SeedStreams.BOOTSTRAP);
    }

    public StudyResults results() {
        return results;
    }

    /** The tasks that have finished runs, in study order. */
    public List<String> tasks() {
        return List.copyOf(judgings.keySet());
    }

    /** How the task is judged. */
    public Judging judging(String task) {
        Judging j = judgings.get(task);
        if (j == null) {
            throw new IllegalArgumentException("no finished runs of task " + task + "; the study has " + tasks());
        }
        return j;
    }

    /** The optimizer settings with runs on the task, in study order. */
    public List<String> optimizers(String task) {
        judging(task);
        return List.copyOf(outcomes.get(task).keySet());
    }

    /** The finished runs of the task. */
    public List<RunCurve> runs(String task) {
        return results.runs().stream().filter(r -> r.task().equals(task)).toList();
    }

    /** The colours the study's charts give each optimizer setting. */
    public OptimizerColors colors() {
        return colors;
    }

    /**
     * Per optimizer: seeds, median final metric with its bootstrap 95% CI, median cost spent and median
     * wall time; then the reference model's row when the study trained one.
     */
    public Table summary(String task) {
        Judging j = judging(task);
        List<List<String>> rows = new ArrayList<>();
        for (Outcome o : outcomes.get(task).values()) {
            double[] finiteFinals =
                    Arrays.stream(o.finals()).filter(Double::isFinite).toArray();
            String cell = finiteFinals.length == 0
                    ? "- (no finite value)"
                    : interval(Bootstrap.medianCi(finiteFinals, bootstrap()))
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
        references(task, j.metric())
                .forEach((name, reference) -> rows.add(List.of(
                        "(reference) " + name,
                        Integer.toString(reference.length),
                        interval(Bootstrap.medianCi(reference, bootstrap())),
                        "-",
                        "-")));
        return new Table(
                List.of(
                        "optimizer",
                        "seeds",
                        "median " + j.metric() + " [95% CI]",
                        "median " + j.clock().label(),
                        "median wall s"),
                rows);
    }

    /** The task's pairwise comparisons, Holm-adjusted over the whole study. */
    public List<Comparison> comparisons(String task) {
        judging(task);
        return comparisons.get(task);
    }

    /** The pairwise comparisons as a table: test, p, Holm-adjusted p and A12 with its magnitude. */
    public Table comparisonTable(String task) {
        List<List<String>> tests = new ArrayList<>();
        for (Comparison c : comparisons(task)) {
            tests.add(List.of(
                    c.a() + " vs " + c.b(),
                    c.test(),
                    number(c.pValue()),
                    number(c.adjustedPValue()),
                    String.format(Locale.ROOT, "%.2f (%s)", c.a12(), VarghaDelaney.magnitude(c.a12()))));
        }
        return new Table(List.of("pair", "test", "p", "p (Holm, whole study)", "A12 (first better if > 0.5)"), tests);
    }

    /** The smallest budget every run of the task reached: the fixed-budget table's largest column. */
    public double commonBudget(String task) {
        judging(task);
        return outcomes.get(task).values().stream()
                .flatMapToDouble(o -> Arrays.stream(o.spent()))
                .min()
                .orElse(0);
    }

    /** Median over seeds of the last value recorded by 1%, 10% and 100% of {@link #commonBudget}. */
    public Table fixedBudget(String task) {
        double common = commonBudget(task);
        double[] budgets = {common / 100, common / 10, common};
        List<List<String>> rows = new ArrayList<>();
        for (Outcome o : outcomes.get(task).values()) {
            List<String> row = new ArrayList<>();
            row.add(o.optimizer());
            for (double b : budgets) {
                double[] values = o.curves().stream()
                        .mapToDouble(c -> FixedBudget.valueAt(c, b))
                        .filter(Double::isFinite)
                        .toArray();
                row.add(values.length == 0 ? "-" : number(Descriptive.median(values)));
            }
            rows.add(row);
        }
        return new Table(
                List.of(
                        "optimizer",
                        "at " + compact(budgets[0]),
                        "at " + compact(budgets[1]),
                        "at " + compact(budgets[2])),
                rows);
    }

    /** Per target and optimizer: runs that reached it, median cost to reach it, expected running time. */
    public Table fixedTarget(String task) {
        Judging j = judging(task);
        List<List<String>> rows = new ArrayList<>();
        for (double target : j.targets()) {
            for (Outcome o : outcomes.get(task).values()) {
                FixedTarget.Result r = FixedTarget.evaluate(o.curves(), target, direction(j));
                double hit = medianHit(o, target, j);
                rows.add(List.of(
                        o.optimizer(),
                        (j.higherIsBetter() ? ">= " : "<= ") + number(target),
                        r.successes() + "/" + o.curves().size(),
                        Double.isFinite(hit) ? compact(hit) : "-",
                        Double.isFinite(r.ert()) ? compact(r.ert()) : "inf"));
            }
        }
        return new Table(
                List.of(
                        "optimizer",
                        "target",
                        "reached",
                        "median " + j.clock().label() + " to reach (failures count as infinite)",
                        "expected running time"),
                rows);
    }

    /**
     * The comparisons in plain words, grouped: the differences that are significant after Holm's
     * correction over the study (each oriented better > worse, with medians, adjusted p and A12), those that
     * are not, and the optimizers ranked by their median cost to reach the task's main target.
     */
    public List<String> verdicts(String task) {
        Judging j = judging(task);
        Map<String, Outcome> byOptimizer = outcomes.get(task);
        List<String> significant = new ArrayList<>();
        List<String> not = new ArrayList<>();
        for (Comparison c : comparisons(task)) {
            boolean aBetter = c.a12() >= 0.5;
            String better = aBetter ? c.a() : c.b();
            String worse = aBetter ? c.b() : c.a();
            double a12 = aBetter ? c.a12() : 1 - c.a12();
            String detail = String.format(
                    Locale.ROOT,
                    "(medians %s vs %s; %s, Holm p = %s; A12 = %.2f, %s)",
                    number(medianOrNaN(byOptimizer.get(better).finals())),
                    number(medianOrNaN(byOptimizer.get(worse).finals())),
                    c.test().equals(PairedTest.WILCOXON)
                            ? "Wilcoxon over " + c.n() + " paired seeds"
                            : "Mann-Whitney U",
                    number(c.adjustedPValue()),
                    a12,
                    VarghaDelaney.magnitude(a12));
            if (c.adjustedPValue() < 0.05) {
                significant.add(better + " > " + worse + " " + detail);
            } else {
                not.add(better + " vs " + worse + " " + detail);
            }
        }
        List<String> out = new ArrayList<>();
        String metric = j.metric() + (j.bestValidation() ? " at the best-validation checkpoint" : "");
        out.add("On " + task + ", " + metric + ", significant after Holm's correction over the study: "
                + (significant.isEmpty() ? "none" : String.join("; ", significant)) + ".");
        if (!not.isEmpty()) {
            out.add("Not significant after correction: " + String.join("; ", not) + ".");
        }
        double target = mainTarget(task);
        List<Map.Entry<String, Double>> reached = new ArrayList<>();
        List<String> missed = new ArrayList<>();
        for (Outcome o : byOptimizer.values()) {
            double hit = medianHit(o, target, j);
            if (Double.isFinite(hit)) {
                reached.add(Map.entry(o.optimizer(), hit));
            } else {
                missed.add(o.optimizer());
            }
        }
        reached.sort(Map.Entry.comparingByValue());
        List<String> costs = new ArrayList<>();
        for (Map.Entry<String, Double> e : reached) {
            double ratio = e.getValue() / reached.get(0).getValue();
            costs.add(e.getKey() + " " + compact(e.getValue())
                    + (ratio >= 1.05
                            ? String.format(
                                    Locale.ROOT,
                                    " (%.1fx %s)",
                                    ratio,
                                    reached.get(0).getKey())
                            : ""));
        }
        out.add(String.format(
                Locale.ROOT,
                "Median %s to reach %s %s %s: %s%s.",
                j.clock().label(),
                j.metric(),
                j.higherIsBetter() ? ">=" : "<=",
                number(target),
                costs.isEmpty() ? "no optimizer reached it in most seeds" : String.join(", ", costs),
                missed.isEmpty() || costs.isEmpty()
                        ? ""
                        : "; not reached in most seeds: " + String.join(", ", missed)));
        return out;
    }

    /**
     * What the study's design can show at all: the smallest p-value any single comparison can reach
     * after Holm's correction over all of the study's comparisons, and whether that is below 0.05. With
     * paired seeds the exact two-sided Wilcoxon p cannot go below 2 / 2^n; unpaired, the exact
     * Mann-Whitney p cannot go below 2 / C(n1 + n2, n1).
     */
    public String power() {
        int m = comparisons.values().stream().mapToInt(List::size).sum();
        if (m == 0) {
            return "The study compares no pair of optimizer settings on a task, so it tests nothing.";
        }
        double smallest = 1;
        String design = "";
        org.learnbench.report.stats.Power.Design easiest = null;
        for (Map.Entry<String, List<Comparison>> e : comparisons.entrySet()) {
            for (Comparison c : e.getValue()) {
                boolean paired = c.test().equals(PairedTest.WILCOXON);
                int n1 = outcomes.get(e.getKey()).get(c.a()).finals().length;
                int n2 = outcomes.get(e.getKey()).get(c.b()).finals().length;
                org.learnbench.report.stats.Power.Design d = paired
                        ? org.learnbench.report.stats.Power.paired(c.n())
                        : org.learnbench.report.stats.Power.unpaired(n1, n2);
                double p = org.learnbench.report.stats.Power.smallestP(d);
                if (easiest == null || p < smallest) {
                    smallest = p;
                    easiest = d;
                    design = paired
                            ? c.n() + " paired seeds (Wilcoxon signed-rank, exact)"
                            : n1 + " and " + n2 + " unpaired runs (Mann-Whitney U, exact)";
                }
            }
        }
        double corrected = org.learnbench.report.stats.Power.smallestAttainable(easiest, m);
        String verdict = corrected < 0.05
                ? "so differences that are consistent over seeds can be significant."
                : "so NO comparison can be significant at 0.05 whatever the data: read the effect sizes (A12) and "
                        + "the medians, and run at least "
                        + org.learnbench.report.stats.Power.seedsNeeded(true, m, 0.05)
                        + " paired seeds for tests with power.";
        return String.format(
                Locale.ROOT,
                "What this design can show: with %s the smallest possible two-sided p is %s, and after Holm's "
                        + "correction over the study's %d comparisons %s, %s",
                design,
                number(smallest),
                m,
                number(corrected),
                verdict);
    }

    /**
     * The summary of a task in a few sentences: who is best on the final metric and which differences are
     * significant after correction (with A12), the reference model's standing, the cost to reach the
     * task's main target, overfitting, and flagged runs.
     */
    public List<String> headline(String task) {
        Judging j = judging(task);
        Map<String, Outcome> byOptimizer = outcomes.get(task);
        double sign = j.higherIsBetter() ? 1 : -1;
        Outcome best = null;
        for (Outcome o : byOptimizer.values()) {
            if (best == null
                    || sign * medianOrNaN(o.finals()) > sign * medianOrNaN(best.finals())
                    || Double.isNaN(medianOrNaN(best.finals()))) {
                best = o;
            }
        }
        List<String> out = new ArrayList<>();
        List<String> beats = new ArrayList<>();
        List<String> ties = new ArrayList<>();
        for (Comparison c : comparisons(task)) {
            if (!c.a().equals(best.optimizer()) && !c.b().equals(best.optimizer())) {
                continue;
            }
            String other = c.a().equals(best.optimizer()) ? c.b() : c.a();
            double a12 = c.a().equals(best.optimizer()) ? c.a12() : 1 - c.a12();
            String text = String.format(
                    Locale.ROOT,
                    "%s (%s, A12 = %.2f, %s)",
                    other,
                    number(medianOrNaN(byOptimizer.get(other).finals())),
                    a12,
                    VarghaDelaney.magnitude(a12));
            if (c.adjustedPValue() < 0.05 && a12 > 0.5) {
                beats.add(text + ", p = " + number(c.adjustedPValue()));
            } else {
                ties.add(text);
            }
        }
        StringBuilder s = new StringBuilder(String.format(
                Locale.ROOT,
                "**%s %s:** %s is best with a median of %s.",
                j.bestValidation() ? "Best-validation" : "Final",
                j.metric(),
                best.optimizer(),
                number(medianOrNaN(best.finals()))));
        if (!beats.isEmpty()) {
            s.append(" Significantly better (Holm) than ")
                    .append(String.join("; ", beats))
                    .append('.');
        }
        if (!ties.isEmpty()) {
            s.append(" Not distinguishable at 0.05 after correction from ")
                    .append(String.join("; ", ties))
                    .append('.');
        }
        out.add(s.toString());
        for (Map.Entry<String, double[]> reference :
                references(task, j.metric()).entrySet()) {
            double r = Descriptive.median(reference.getValue());
            long beaten = byOptimizer.values().stream()
                    .filter(o -> sign * r > sign * medianOrNaN(o.finals()))
                    .count();
            String standing = beaten == byOptimizer.size()
                    ? "it beats every optimizer here, so on this task no trained network shown beats this reference"
                    : beaten == 0
                            ? "every optimizer beats it"
                            : "it beats " + beaten + " of the " + byOptimizer.size() + " optimizer settings";
            out.add(String.format(
                    Locale.ROOT,
                    "**Reference:** %s reaches a median %s of %s: %s.",
                    reference.getKey(),
                    j.metric(),
                    number(r),
                    standing));
        }
        double target = mainTarget(task);
        List<String> costs = new ArrayList<>();
        for (Outcome o : byOptimizer.values()) {
            FixedTarget.Result r = FixedTarget.evaluate(o.curves(), target, direction(j));
            double hit = medianHit(o, target, j);
            costs.add(o.optimizer() + " "
                    + (Double.isFinite(hit) ? "a median " + compact(hit) : "median not reached")
                    + " (" + r.successes() + "/" + o.curves().size() + " seeds reach it)");
        }
        out.add(String.format(
                Locale.ROOT,
                "**Cost to reach %s %s %s** (%s), in %s: %s.",
                j.metric(),
                j.higherIsBetter() ? ">=" : "<=",
                number(target),
                declaredTargets(task)
                        ? "the hardest target the study declares"
                        : "the best optimizer's median final value",
                j.clock().label(),
                String.join("; ", costs)));
        List<String> gaps = new ArrayList<>();
        Map<String, List<Double>> finalGaps = new LinkedHashMap<>();
        for (RunCurve r : gapCurves(runs(task))) {
            if (!r.checkpoints().isEmpty()) {
                double g = r.checkpoints().get(r.checkpoints().size() - 1).metric(GAP);
                if (Double.isFinite(g)) {
                    finalGaps
                            .computeIfAbsent(r.optimizer(), k -> new ArrayList<>())
                            .add(g);
                }
            }
        }
        finalGaps.forEach((o, g) -> gaps.add(o + " "
                + number(Descriptive.median(
                        g.stream().mapToDouble(Double::doubleValue).toArray()))));
        if (!gaps.isEmpty()) {
            out.add("**Overfitting** (median final validation loss minus train loss; larger means more overfitting): "
                    + String.join("; ", gaps) + ".");
        }
        Map<String, List<String>> flagged = new LinkedHashMap<>();
        for (RunCurve r : runs(task)) {
            if (r.termination().equals("DIVERGED") || r.termination().equals("COLLAPSED")) {
                flagged.computeIfAbsent(
                                r.optimizer() + " " + r.termination().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(Long.toString(r.seed()));
            }
        }
        if (!flagged.isEmpty()) {
            List<String> items = new ArrayList<>();
            flagged.forEach((k, seeds) -> items.add(k + " (seed " + String.join(", ", seeds) + ")"));
            out.add("**Flagged runs:** " + String.join("; ", items)
                    + ". Medians are robust to them; their values are in the per-seed chart and runs.csv.");
        }
        return out;
    }

    private boolean declaredTargets(String task) {
        Map<String, Object> settings = results.taskSettings(task);
        return settings != null && settings.get("targets") instanceof List<?> l && !l.isEmpty();
    }

    /**
     * The task's main target for cost: the hardest target the study declares, else the best optimizer's
     * median final value (a hard target, never the first checkpoint).
     */
    public double mainTarget(String task) {
        Judging j = judging(task);
        double sign = j.higherIsBetter() ? 1 : -1;
        if (declaredTargets(task)) {
            return Arrays.stream(j.targets()).map(t -> sign * t).max().orElseThrow() * sign;
        }
        return outcomes.get(task).values().stream()
                        .mapToDouble(o -> sign * medianOrNaN(o.finals()))
                        .filter(Double::isFinite)
                        .max()
                        .orElse(Double.NaN)
                * sign;
    }

    /**
     * The main results as a paper table: tasks by optimizer settings, each cell the median final metric
     * with its IQR, the best of each task in bold, and a marker where the best beats a setting
     * significantly (Wilcoxon over paired seeds, Holm over the table).
     */
    public LatexTable paperTable() {
        List<String> tasks = tasks();
        List<String> settings = results.optimizers();
        double[][][] samples = new double[tasks.size()][settings.size()][];
        boolean[] higher = new boolean[tasks.size()];
        for (int t = 0; t < tasks.size(); t++) {
            higher[t] = judging(tasks.get(t)).higherIsBetter();
            for (int o = 0; o < settings.size(); o++) {
                Outcome outcome = outcomes.get(tasks.get(t)).get(settings.get(o));
                samples[t][o] = outcome == null ? new double[0] : outcome.finals();
            }
        }
        return LatexTable.of("task", tasks, settings, samples, higher, true, LatexTable.Spread.IQR, 0.05);
    }

    /**
     * Friedman's test over the tasks' median metrics (oriented so that higher is better), when at least
     * two tasks share at least two optimizer settings.
     *
     * @param ranks average rank per optimizer (1 = best)
     * @param test the test's statistic and p-value
     * @param tasks the number of tasks ranked
     */
    public record Ranks(Table ranks, Friedman.FriedmanResult test, int tasks) {}

    /** Average ranks across tasks with Friedman's test; empty when the study cannot be ranked. */
    public Optional<Ranks> ranks() {
        List<String> optimizers = outcomes.values().stream()
                .findFirst()
                .map(m -> List.copyOf(m.keySet()))
                .orElse(List.of());
        boolean complete = outcomes.values().stream().allMatch(m -> m.keySet().containsAll(optimizers));
        if (outcomes.size() < 2 || optimizers.size() < 2 || !complete) {
            return Optional.empty();
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
        List<List<String>> rows = new ArrayList<>();
        for (int c = 0; c < optimizers.size(); c++) {
            rows.add(List.of(optimizers.get(c), String.format(Locale.ROOT, "%.2f", f.averageRanks()[c])));
        }
        return Optional.of(new Ranks(
                new Table(List.of("optimizer", "average rank over " + outcomes.size() + " tasks (1 = best)"), rows),
                f,
                outcomes.size()));
    }

    /** The largest ratio a performance profile shows: within a factor of 100 of the best. */
    public static final double PROFILE_TAU_MAX = 100;

    /**
     * Performance profiles across tasks (Dolan and Moré 2002): per task and optimizer, the ratio of its cost
     * (expected running time to the task's main target; infinite when no seed reached it) to the best
     * optimizer's, and the ratio of its final error (1 - accuracy or R², or a loss, median over seeds) to
     * the best's. Tasks whose metric has no error form (returns) are left out of the quality profile.
     *
     * @param ratios [task][optimizer]
     */
    public record Profiles(
            List<String> optimizers,
            List<String> costTasks,
            double[][] costRatios,
            List<String> qualityTasks,
            double[][] qualityRatios) {
        /** Area scores per optimizer: a table beside the Friedman ranks. */
        public Table table() {
            List<List<String>> rows = new ArrayList<>();
            for (int s = 0; s < optimizers.size(); s++) {
                rows.add(List.of(
                        optimizers.get(s),
                        costTasks.isEmpty()
                                ? "-"
                                : String.format(
                                        Locale.ROOT,
                                        "%.2f",
                                        org.learnbench.report.stats.PerformanceProfile.score(
                                                costRatios, s, PROFILE_TAU_MAX)),
                        qualityTasks.isEmpty()
                                ? "-"
                                : String.format(
                                        Locale.ROOT,
                                        "%.2f",
                                        org.learnbench.report.stats.PerformanceProfile.score(
                                                qualityRatios, s, PROFILE_TAU_MAX))));
            }
            return new Table(
                    List.of(
                            "optimizer",
                            "cost profile area (" + costTasks.size() + " tasks)",
                            "quality profile area (" + qualityTasks.size() + " tasks)"),
                    rows);
        }
    }

    /** Performance profiles over the tasks every optimizer ran; empty with fewer than two optimizers. */
    public Optional<Profiles> profiles() {
        List<String> optimizers = outcomes.values().stream()
                .findFirst()
                .map(m -> List.copyOf(m.keySet()))
                .orElse(List.of());
        if (optimizers.size() < 2) {
            return Optional.empty();
        }
        List<String> costTasks = new ArrayList<>();
        List<double[]> costs = new ArrayList<>();
        List<String> qualityTasks = new ArrayList<>();
        List<double[]> errors = new ArrayList<>();
        for (Map.Entry<String, Map<String, Outcome>> e : outcomes.entrySet()) {
            if (!e.getValue().keySet().containsAll(optimizers)) {
                continue;
            }
            String task = e.getKey();
            Judging j = judging(task);
            double target = mainTarget(task);
            double[] cost = new double[optimizers.size()];
            double[] error = new double[optimizers.size()];
            boolean errorForm = true;
            for (int s = 0; s < optimizers.size(); s++) {
                Outcome o = e.getValue().get(optimizers.get(s));
                cost[s] = Double.isFinite(target)
                        ? FixedTarget.evaluate(o.curves(), target, direction(j)).ert()
                        : Double.POSITIVE_INFINITY;
                double median = medianOrNaN(o.finals());
                String m = j.metric();
                if (m.endsWith("accuracy") || m.contains("_r2")) {
                    error[s] = Double.isNaN(median) ? Double.POSITIVE_INFINITY : 1 - median;
                } else if (!j.higherIsBetter()) {
                    error[s] = Double.isNaN(median) ? Double.POSITIVE_INFINITY : median;
                } else {
                    errorForm = false;
                }
            }
            costTasks.add(task);
            costs.add(cost);
            if (errorForm && Arrays.stream(error).allMatch(x -> x >= 0)) {
                qualityTasks.add(task);
                errors.add(error);
            }
        }
        if (costTasks.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Profiles(
                optimizers,
                costTasks,
                org.learnbench.report.stats.PerformanceProfile.ratios(costs.toArray(double[][]::new)),
                qualityTasks,
                org.learnbench.report.stats.PerformanceProfile.ratios(errors.toArray(double[][]::new))));
    }

    /** The chart of one of the profiles: {@code cost} true for cost to target, false for final error. */
    public XYChart profileChart(Profiles p, boolean cost) {
        return org.learnbench.report.study.TuningCharts.performanceProfile(
                cost
                        ? "Performance profile: cost to reach each task's target ("
                                + p.costTasks().size() + " tasks)"
                        : "Performance profile: final error ("
                                + p.qualityTasks().size() + " tasks)",
                cost ? "expected running time to the target" : "final error (1 - accuracy or R², or loss)",
                p.optimizers(),
                cost ? p.costRatios() : p.qualityRatios(),
                PROFILE_TAU_MAX,
                colors);
    }

    /** Each optimizer setting's protocol in words (hand-set, defaults, or tuned ...), from study.json. */
    @SuppressWarnings("unchecked")
    public Map<String, String> protocols() {
        Object p = results.description().get("protocols");
        return p instanceof Map<?, ?> m ? (Map<String, String>) m : Map.of();
    }

    /** The tuned optimizers of a task, in study order. */
    public List<String> tunedOptimizers(String task) {
        return results.trials().stream()
                .filter(t -> t.task().equals(task))
                .map(StudyResults.TrialRun::optimizer)
                .distinct()
                .toList();
    }

    /** A tuned optimizer's trials on a task: each trial's mean selection and test value over its seeds. */
    public org.learnbench.report.study.TuningCharts.Trials trials(String task, String optimizer) {
        Map<Integer, List<StudyResults.TrialRun>> byTrial = new java.util.TreeMap<>();
        results.trials().stream()
                .filter(t -> t.task().equals(task) && t.optimizer().equals(optimizer))
                .forEach(t -> byTrial.computeIfAbsent(t.trial(), k -> new ArrayList<>())
                        .add(t));
        double[] validation = new double[byTrial.size()];
        double[] test = new double[byTrial.size()];
        int i = 0;
        for (List<StudyResults.TrialRun> runs : byTrial.values()) {
            validation[i] = runs.stream()
                    .mapToDouble(StudyResults.TrialRun::selection)
                    .average()
                    .orElse(Double.NaN);
            test[i] = runs.stream()
                    .mapToDouble(StudyResults.TrialRun::test)
                    .average()
                    .orElse(Double.NaN);
            i++;
        }
        return new org.learnbench.report.study.TuningCharts.Trials(validation, test);
    }

    /**
     * What tuning found on a task, per tuned optimizer: its trials, the range of their selection values,
     * the selected trial's values and scores, and what the trials cost.
     */
    public Table tuningTable(String task) {
        List<List<String>> rows = new ArrayList<>();
        for (String optimizer : tunedOptimizers(task)) {
            List<StudyResults.TrialRun> runs = results.trials().stream()
                    .filter(t -> t.task().equals(task) && t.optimizer().equals(optimizer))
                    .toList();
            org.learnbench.report.study.TuningCharts.Trials t = trials(task, optimizer);
            int best = runs.stream()
                    .filter(StudyResults.TrialRun::selected)
                    .mapToInt(r -> r.trial() - 1)
                    .findFirst()
                    .orElse(-1);
            double[] finite =
                    Arrays.stream(t.validation()).filter(Double::isFinite).toArray();
            int bestTrial = best + 1;
            String values = best < 0
                    ? "none"
                    : runs.stream()
                            .filter(r -> r.trial() == bestTrial)
                            .findFirst()
                            .map(r -> shortValues(r.values()))
                            .orElse("");
            rows.add(List.of(
                    optimizer,
                    Integer.toString(t.validation().length),
                    finite.length == 0
                            ? "-"
                            : number(Arrays.stream(finite).min().orElseThrow()) + " .. "
                                    + number(Arrays.stream(finite).max().orElseThrow()),
                    best < 0 ? "-" : "trial " + bestTrial + ": " + values,
                    best < 0 ? "-" : number(t.validation()[best]),
                    best < 0 || Double.isNaN(t.test()[best]) ? "-" : number(t.test()[best]),
                    compact(runs.stream()
                            .mapToDouble(StudyResults.TrialRun::sampleForwardPasses)
                            .sum())));
        }
        String metric = results.trials().stream()
                .filter(t -> t.task().equals(task))
                .findFirst()
                .map(StudyResults.TrialRun::selectionMetric)
                .orElse("");
        String test = results.trials().stream()
                .filter(t -> t.task().equals(task))
                .findFirst()
                .map(StudyResults.TrialRun::testMetric)
                .orElse("");
        return new Table(
                List.of(
                        "optimizer",
                        "trials",
                        metric + " of the trials",
                        "selected (best " + metric + ")",
                        "its " + metric,
                        "its " + (test.isEmpty() ? "test value" : test) + " (not used to select)",
                        "trials' sample-forward-passes"),
                rows);
    }

    /** "learning_rate=6.712730066026335E-4" as "learning_rate=0.0006713": values to four significant digits. */
    static String shortValues(String values) {
        List<String> out = new ArrayList<>();
        for (String pair : values.split(" ")) {
            int eq = pair.indexOf('=');
            out.add(eq < 0 ? pair : pair.substring(0, eq + 1) + shortValue(pair.substring(eq + 1)));
        }
        return String.join(" ", out);
    }

    /** A trial's value as people read it: a number to four significant digits; whole numbers and names as they are. */
    public static String shortValue(String value) {
        if (value.matches("-?\\d+")) {
            return value;
        }
        try {
            return number(Double.parseDouble(value));
        } catch (NumberFormatException e) {
            return value;
        }
    }

    /**
     * Two studies' median final metric per optimizer on a task, side by side, with the change from the
     * first to the second (for example hand-set against tuned settings).
     */
    public static Table sideBySide(
            String firstName, StudyAnalysis first, String secondName, StudyAnalysis second, String task) {
        Judging j = first.judging(task);
        List<List<String>> rows = new ArrayList<>();
        for (String optimizer : first.optimizers(task)) {
            Outcome a = first.outcomes.get(task).get(optimizer);
            Outcome b = second.outcomes.getOrDefault(task, Map.of()).get(optimizer);
            double ma = medianOrNaN(a.finals());
            double mb = b == null ? Double.NaN : medianOrNaN(b.finals());
            rows.add(List.of(
                    optimizer,
                    number(ma),
                    number(mb),
                    Double.isNaN(ma) || Double.isNaN(mb) ? "-" : String.format(Locale.ROOT, "%+.4g", mb - ma),
                    second.protocols().getOrDefault(optimizer, "")));
        }
        return new Table(
                List.of(
                        "optimizer",
                        "median " + j.metric() + ", " + firstName,
                        "median " + j.metric() + ", " + secondName,
                        "change",
                        "protocol in " + secondName),
                rows);
    }

    /** The tuning-budget chart of a task: expected best validation (and test) after k trials. */
    public Optional<XYChart> expectedBest(String task) {
        List<String> tuned = tunedOptimizers(task);
        if (tuned.isEmpty()) {
            return Optional.empty();
        }
        Map<String, org.learnbench.report.study.TuningCharts.Trials> byOptimizer = new LinkedHashMap<>();
        tuned.forEach(o -> byOptimizer.put(o, trials(task, o)));
        StudyResults.TrialRun first = results.trials().stream()
                .filter(t -> t.task().equals(task))
                .findFirst()
                .orElseThrow();
        return Optional.of(org.learnbench.report.study.TuningCharts.expectedBest(
                task,
                first.selectionMetric(),
                first.testMetric(),
                byOptimizer,
                higherIsBetter(first.selectionMetric()),
                colors,
                new org.learnbench.optim.SeedStreams(results.seed()).seed(org.learnbench.optim.SeedStreams.BOOTSTRAP)));
    }

    /** Whether higher is better for a metric, as the runs' manifests describe it. */
    private boolean higherIsBetter(String metric) {
        return results.describe(metric).higherIsBetter();
    }

    /**
     * Median of the task's metric over seeds against the clock, with bootstrap bands, the reference
     * model's median as a dashed line, and the y axis fitted to the medians.
     */
    public XYChart convergence(String task, Clock clock) {
        Judging j = judging(task);
        return withReference(
                StudyCharts.convergence(runs(task), task, j.metric(), clock, colors, results.seed()),
                references(task, j.metric()));
    }

    /** {@link #convergence(String, Clock)} on the task's budget clock. */
    public XYChart convergence(String task) {
        return convergence(task, judging(task).clock());
    }

    /** The final metric per seed as a box per optimizer. */
    public XYChart finalValues(String task) {
        return StudyCharts.finalValuesWithSeeds(runs(task), task, judging(task).metric(), colors);
    }

    /** Share of (seed, target) pairs reached within each budget. */
    public XYChart ecdf(String task) {
        Judging j = judging(task);
        return StudyCharts.ecdf(runs(task), task, j.metric(), j.targets(), j.higherIsBetter(), j.clock(), colors);
    }

    /** The middle target: the one the cost chart shows. */
    public double middleTarget(String task) {
        double[] targets = judging(task).targets();
        return targets[targets.length / 2];
    }

    /** Median cost to reach the middle target, with bootstrap error bars. */
    public CategoryChart costToTarget(String task) {
        Judging j = judging(task);
        return StudyCharts.costToTarget(
                runs(task),
                task,
                j.metric(),
                middleTarget(task),
                j.higherIsBetter(),
                j.clock(),
                colors,
                results.seed());
    }

    /**
     * The generalisation gap (validation loss minus train loss) of every optimizer setting; present when
     * at least two settings recorded both losses, which is when comparing them says something.
     */
    public Optional<XYChart> generalisationGap(String task) {
        List<RunCurve> gaps = gapCurves(runs(task));
        if (optimizers(task).size() < 2 || gaps.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                StudyCharts.convergence(gaps, task, GAP, judging(task).clock(), colors, results.seed()));
    }

    /** The optimizer settings whose runs on the task recorded train and validation losses. */
    public List<String> optimizersWithLosses(String task) {
        List<RunCurve> runs = runs(task);
        return optimizers(task).stream()
                .filter(o -> runs.stream()
                        .anyMatch(r -> r.optimizer().equals(o)
                                && !r.checkpoints().isEmpty()
                                && r.checkpoints().get(0).metrics().containsKey("validation_loss")))
                .toList();
    }

    /** Train, validation (and test) loss medians of one optimizer setting and their gap. */
    public XYChart overfitting(String task, String optimizer) {
        return StudyCharts.overfitting(
                runs(task), task, optimizer, judging(task).clock());
    }

    private Judging judging(String task, List<RunCurve> runs) {
        Map<String, Object> settings = results.taskSettings(task);
        String metric = settings == null ? "" : String.valueOf(settings.getOrDefault("metric", ""));
        Map<String, Double> last = runs.get(0)
                .checkpoints()
                .get(runs.get(0).checkpoints().size() - 1)
                .metrics();
        if (metric.isBlank() && last.containsKey("test_rmse_vs_naive")) {
            // A forecast is judged by its error, which its reference forecasts record too.
            metric = "test_rmse";
        }
        if (metric.isBlank()) {
            // The default is on the scale the model was trained on: log(target) for a logged target; a
            // trading agent by its risk-adjusted return on the test period, as buy-and-hold is.
            for (String candidate :
                    List.of("test_accuracy", "test_r2_log", "test_r2", "test_sharpe", "eval_return", "fitness")) {
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
        boolean higher = results.describe(metric).higherIsBetter();
        Clock clock = budgetClock(runs.get(0));
        @SuppressWarnings("unchecked")
        List<Number> given = settings == null ? List.of() : (List<Number>) settings.getOrDefault("targets", List.of());
        double[] targets = given.stream().mapToDouble(Number::doubleValue).toArray();
        if (targets.length == 0) {
            // Targets from the results: the 25th, 50th and 75th percentile of all runs' final values, so
            // that the table separates the optimizers instead of reporting all or nothing.
            String chosen = metric;
            double[] finals = finite(
                    runs.stream().mapToDouble(r -> lastValue(r, chosen, false)).toArray());
            targets = org.learnbench.report.stats.Targets.automatic(finals, higher);
        }
        boolean bestValidation = settings != null && "best_validation".equals(settings.get("report"));
        return new Judging(metric, higher, clock, targets, bestValidation);
    }

    /**
     * The clock the task's budget limits (from the run's resolved config), so costs are reported on the
     * clock the optimizers were given equal amounts of: sample-forward-passes, evaluations, environment
     * steps, episodes, else iterations, else wall time.
     */
    @SuppressWarnings("unchecked")
    private Clock budgetClock(RunCurve run) {
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

    /**
     * A run's value of the metric: at its last checkpoint, or with {@code bestValidation} at the checkpoint
     * with the lowest validation loss (the first of equal ones), which is what early stopping with restore
     * keeps; runs without a validation loss use their last checkpoint.
     */
    private static double lastValue(RunCurve r, String metric, boolean bestValidation) {
        List<Checkpoint> cps = r.checkpoints();
        Checkpoint chosen = cps.get(cps.size() - 1);
        if (bestValidation) {
            double best = Double.POSITIVE_INFINITY;
            for (Checkpoint c : cps) {
                Double v = c.metrics().get("validation_loss");
                if (v != null && v < best) {
                    best = v;
                    chosen = c;
                }
            }
        }
        return chosen.metric(metric);
    }

    private static Outcome outcome(String optimizer, List<RunCurve> runs, Judging j) {
        List<RunCurve> sorted = runs.stream()
                .sorted(java.util.Comparator.comparingLong(RunCurve::seed))
                .toList();
        long[] seeds = sorted.stream().mapToLong(RunCurve::seed).toArray();
        double[] finals = sorted.stream()
                .mapToDouble(r -> lastValue(r, j.metric(), j.bestValidation()))
                .toArray();
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

    /**
     * The median budget to reach the target over all runs, a run that never reached it counting as
     * infinitely expensive: finite only when more than half the runs succeed, so an unreliable optimizer
     * never looks cheap by its lucky runs alone.
     */
    private static double medianHit(Outcome o, double target, Judging j) {
        // One definition with the cost chart: failures count as infinitely expensive.
        FixedTarget.Result r = FixedTarget.evaluate(o.curves(), target, direction(j));
        double median = StudyCharts.medianCostWithFailures(r.hittingBudgets());
        return Double.isFinite(median) ? median : Double.NaN;
    }

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

    /**
     * The reference models' final values of the metric on this task, per reference in the order the study
     * recorded them (none when there are none, or none records the metric).
     */
    private Map<String, double[]> references(String task, String metric) {
        Map<String, List<Double>> values = new LinkedHashMap<>();
        for (StudyResults.Baseline b : results.baselines().getOrDefault(task, List.of())) {
            double v = b.metrics().getOrDefault(metric, Double.NaN);
            if (Double.isFinite(v)) {
                values.computeIfAbsent(b.name(), k -> new ArrayList<>()).add(v);
            }
        }
        Map<String, double[]> out = new LinkedHashMap<>();
        values.forEach((name, list) ->
                out.put(name, list.stream().mapToDouble(Double::doubleValue).toArray()));
        return out;
    }

    /**
     * Adds each reference model's median as a dashed horizontal line across the chart, and fits the y axis
     * to the medians (and the references): a diverged seed can widen a confidence band by orders of
     * magnitude, which would flatten every curve; the band is then cut at the plot's edge.
     */
    private XYChart withReference(XYChart chart, Map<String, double[]> references) {
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
        // References in greys and dash patterns of their own, so two references never look alike.
        java.awt.Color[] greys = {java.awt.Color.DARK_GRAY, new java.awt.Color(110, 110, 110), java.awt.Color.BLACK};
        float[][] dashes = {{6f, 4f}, {2f, 3f}, {10f, 3f, 2f, 3f}};
        int k = 0;
        for (Map.Entry<String, double[]> reference : references.entrySet()) {
            double median = Descriptive.median(reference.getValue());
            bottom = Math.min(bottom, median);
            top = Math.max(top, median);
            org.knowm.xchart.XYSeries line = chart.addSeries(
                    reference.getKey() + (references.size() > 1 ? " (ref.)" : " (reference, median)"),
                    new double[] {low, high},
                    new double[] {median, median});
            line.setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE);
            line.setLineColor(greys[k % greys.length]);
            line.setLineStyle(new java.awt.BasicStroke(
                    1.5f,
                    java.awt.BasicStroke.CAP_BUTT,
                    java.awt.BasicStroke.JOIN_ROUND,
                    10f,
                    dashes[k % dashes.length],
                    0f));
            k++;
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

    private static String interval(Bootstrap.Interval ci) {
        return number(ci.estimate()) + " [" + number(ci.low()) + ", " + number(ci.high()) + "]";
    }

    /** A number as the report prints it: four significant digits, scientific outside [1e-3, 1e5). */
    public static String number(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        if (v != 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5)) {
            return String.format(Locale.ROOT, "%.3g", v);
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }

    /** A count as the report prints it: 7500, 12.5k, 3.21M, 1.50G. */
    public static String compact(double n) {
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
}
