package org.learnbench.experiment.study;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.learnbench.experiment.config.ConfigHash;
import org.learnbench.experiment.config.LegacyConfig;
import org.learnbench.experiment.run.ExperimentRunner;
import org.learnbench.experiment.run.RunDirectory;
import org.learnbench.experiment.run.RunRecord;
import org.learnbench.experiment.tuning.TrialSelection;

/**
 * Runs a study: skips every run whose folder already holds a finished result of the same config hash and
 * seed, hands the others to the executor, and rewrites the study's runs.csv index from the manifests on
 * disk. Each run is committed atomically, so a killed study loses at most the runs in flight and a
 * re-run completes it with the same results.
 */
public final class StudyRunner {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path resultsRoot;
    private final RunExecutor executor;

    public StudyRunner(Path resultsRoot, RunExecutor executor) {
        this.resultsRoot = resultsRoot;
        this.executor = executor;
    }

    /** Observes a study's progress. */
    public interface Listener {
        void onFinished(StudyRun run, RunRecord record, Exception failure, int done, int total, long elapsedNanos);

        /**
         * As above, with the share of the pending work done: finished runs count 1, running ones the share of
         * their budget they have used (a better base for an estimate of the time left than finished runs).
         */
        default void onFinished(
                StudyRun run,
                RunRecord record,
                Exception failure,
                int done,
                int total,
                long elapsedNanos,
                double fractionDone) {
            onFinished(run, record, failure, done, total, elapsedNanos);
        }
    }

    /** Observes a tuned study's selections, made between its trials and its evaluation runs. */
    public interface SelectionListener {
        void onSelected(TuningPlan plan, TrialSelection.Result result);
    }

    /** What a study run did. */
    public record Summary(int total, int skipped, int ran, List<String> failures, Path index) {
        public Summary {
            failures = List.copyOf(failures);
        }
    }

    /** The study's results folder. */
    public Path folder(StudyConfig study) {
        return ExperimentRunner.within(resultsRoot, Path.of(study.name()));
    }

    /** The folder of one run of the study, checked to stay inside the study's folder. */
    public Path runFolder(StudyConfig study, StudyRun run) {
        return ExperimentRunner.within(folder(study), run.folder());
    }

    /**
     * The checks every run makes before it costs anything (see {@link
     * org.learnbench.experiment.run.PreFlight}), once per task and optimizer setting, with the first seed;
     * and no file may stand where a run's folder goes. Returns the warnings, each once.
     */
    public List<String> check(StudyConfig study) {
        ExperimentRunner runner = new ExperimentRunner(folder(study));
        Set<String> checked = new LinkedHashSet<>();
        Set<String> warnings = new LinkedHashSet<>();
        for (StudyRun r : study.runs()) {
            Path folder = runFolder(study, r);
            for (Path p = folder; !p.equals(folder(study).getParent()); p = p.getParent()) {
                if (Files.exists(p) && !Files.isDirectory(p)) {
                    throw new IllegalArgumentException(
                            p + ": a file stands where the study's folders go; move it away");
                }
            }
            if (checked.add(r.task() + "/" + r.optimizer())) {
                for (String w : runner.check(r.config(), r.seed()).warnings()) {
                    warnings.add(r.task() + "/" + r.optimizer() + ": " + w);
                }
            }
        }
        return List.copyOf(warnings);
    }

    /** True when the run's folder holds a finished result of exactly this config and seed. */
    public boolean complete(StudyConfig study, StudyRun run) {
        Path manifest = runFolder(study, run).resolve("manifest.json");
        if (!Files.isRegularFile(manifest)) {
            return false;
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = JSON.readValue(manifest.toFile(), Map.class);
            return m.get("seed") instanceof Number seed
                    && seed.longValue() == run.seed()
                    && ConfigHash.of(run.config()).equals(currentHash(m, manifest));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * A recorded run's config hash in the current format: as recorded, or, for a record of an earlier format, the
     * current hash of the experiment its intact resolved config describes (null when it cannot be rebuilt).
     */
    @SuppressWarnings("unchecked")
    private static String currentHash(Map<String, Object> manifest, Path file) {
        if (org.learnbench.experiment.run.Replay.hashFormat(manifest) == ConfigHash.FORMAT) {
            return String.valueOf(manifest.get("config_hash"));
        }
        Map<String, Object> config = (Map<String, Object>) manifest.get("config");
        if (config == null
                || !LegacyConfig.intact(config, manifest.get("config_hash"))
                || LegacyConfig.gap(config).isPresent()) {
            return null;
        }
        Path source = Path.of(String.valueOf(manifest.get("config_file")));
        return ConfigHash.of(LegacyConfig.read(config, source, file));
    }

    /** Writes study.json: what the report needs to know beyond the runs (metrics, targets, order). */
    public Path writeDescription(StudyConfig study) throws IOException {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("study", study.name());
        d.put("description", study.description());
        d.put("source", study.source().toAbsolutePath().toString());
        d.put("seed", study.seed());
        Map<String, Object> tasks = new LinkedHashMap<>();
        for (String task : study.tasks()) {
            StudyConfig.Reporting r = study.reporting().get(task);
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("metric", r == null ? "" : r.metric());
            t.put("targets", r == null ? List.of() : r.targets());
            t.put("report", r == null ? "final" : r.report());
            tasks.put(task, t);
        }
        d.put("tasks", tasks);
        d.put("optimizers", study.optimizers());
        d.put(
                "seeds",
                study.evaluationRuns().stream().map(StudyRun::seed).distinct().toList());
        d.put("protocols", study.protocols());
        if (study.tuning() != null) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("trials", study.tuning().trials());
            t.put("sampler", study.tuning().sampler().name().toLowerCase(java.util.Locale.ROOT));
            t.put("metric", study.tuning().metric());
            t.put("trial_seeds", study.tuning().seeds());
            d.put("tuning", t);
        }
        Path folder = folder(study);
        Files.createDirectories(folder);
        Path file = folder.resolve("study.json");
        RunDirectory.writeAtomically(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(d) + "\n");
        return file;
    }

    /**
     * Runs whatever is not complete yet, then writes runs.csv. A tuned study runs its trials first (with
     * the runs of entries that have nothing to tune), selects each tuned entry's best trial on its
     * selection metric, writes tuning.json beside the entry's runs and tuning.csv beside runs.csv, then
     * runs the selected settings on the evaluation seeds.
     */
    public Summary run(StudyConfig study, Listener listener) throws IOException, InterruptedException {
        return run(study, listener, (plan, result) -> {});
    }

    /** As {@link #run(StudyConfig, Listener)}, telling {@code selections} each tuned entry's selection. */
    public Summary run(StudyConfig study, Listener listener, SelectionListener selections)
            throws IOException, InterruptedException {
        writeDescription(study);
        // Working folders of killed runs (never one a live process still writes).
        RunDirectory.removeStale(folder(study), 3);
        List<String> failures = new ArrayList<>();
        int[] counts = new int[2];
        runBatch(study, study.runs(), listener, failures, counts);
        StudyConfig complete = study;
        if (!study.plans().isEmpty()) {
            List<StudyRun> selected = new ArrayList<>();
            Map<TuningPlan, TrialSelection.Result> results = new java.util.IdentityHashMap<>();
            for (TuningPlan plan : study.plans()) {
                TrialSelection.Result result = select(study, plan);
                results.put(plan, result);
                writeTuning(study, plan, result);
                selections.onSelected(plan, result);
                if (result.selected() == 0) {
                    failures.add(plan.task() + " / " + plan.optimizer() + ": no tuning trial recorded " + plan.metric()
                            + ", so no setting was selected");
                    continue;
                }
                selected.addAll(plan.evaluation()
                        .apply(plan.trials().get(result.selected() - 1).values()));
            }
            complete = study.withEvaluationRuns(selected);
            runBatch(complete, selected, listener, failures, counts);
            writeTuningIndex(study, results);
        }
        writeBaselines(complete, new ExperimentRunner(folder(study)));
        Path index = writeIndex(complete);
        return new Summary(counts[0] + counts[1], counts[0], counts[1], failures, index);
    }

    /** The study with its tuned entries' evaluation runs, as far as their trials have selected settings. */
    public StudyConfig withSelectedRuns(StudyConfig study) {
        List<StudyRun> selected = new ArrayList<>();
        for (TuningPlan plan : study.plans()) {
            boolean trialsDone =
                    plan.trials().stream().flatMap(t -> t.runs().stream()).allMatch(r -> complete(study, r));
            if (trialsDone) {
                TrialSelection.Result result = select(study, plan);
                if (result.selected() > 0) {
                    selected.addAll(plan.evaluation()
                            .apply(plan.trials().get(result.selected() - 1).values()));
                }
            }
        }
        return selected.isEmpty() ? study : study.withEvaluationRuns(selected);
    }

    /** The best trial of a plan, from its runs' recorded selection metric (never a test metric). */
    public TrialSelection.Result select(StudyConfig study, TuningPlan plan) {
        List<TrialSelection.TrialRuns> trials = new ArrayList<>();
        for (TuningPlan.Trial t : plan.trials()) {
            trials.add(new TrialSelection.TrialRuns(
                    t.index(),
                    t.runs().stream()
                            .map(r -> complete(study, r)
                                    ? runFolder(study, r).resolve("metrics.csv")
                                    : runFolder(study, r).resolve("unfinished"))
                            .toList()));
        }
        return TrialSelection.select(
                trials,
                plan.metric(),
                plan.higherIsBetter(),
                plan.report().equals("best_validation"),
                TrialSelection::readColumns);
    }

    /** Runs the given runs that are not complete yet; counts skipped (0) and run (1) into {@code counts}. */
    private void runBatch(
            StudyConfig study, List<StudyRun> runs, Listener listener, List<String> failures, int[] counts)
            throws InterruptedException {
        List<StudyRun> pending = new ArrayList<>();
        for (StudyRun r : runs) {
            if (!complete(study, r)) {
                pending.add(r);
            }
        }
        counts[0] += runs.size() - pending.size();
        counts[1] += pending.size();
        if (pending.isEmpty()) {
            return;
        }
        ExperimentRunner runner = new ExperimentRunner(folder(study));
        List<RunExecutor.RunJob> jobs = new ArrayList<>();
        java.util.concurrent.atomic.AtomicLongArray used =
                new java.util.concurrent.atomic.AtomicLongArray(pending.size());
        int threads = org.learnbench.experiment.config.Threads.resolve(study.threads(), executor.parallelism());
        for (int i = 0; i < pending.size(); i++) {
            StudyRun r = pending.get(i);
            int index = i;
            org.learnbench.optim.RunListener progress = new org.learnbench.optim.RunListener() {
                @Override
                public void onIteration(long iteration, double objective, org.learnbench.optim.Clocks clocks) {
                    used.set(index, Double.doubleToLongBits(r.config().budget().fractionUsed(clocks)));
                }
            };
            jobs.add(new RunExecutor.RunJob(r, runFolder(study, r), threads, List.of(progress)));
        }
        long start = System.nanoTime();
        int[] done = {0};
        executor.executeRuns(runner, jobs, f -> {
            done[0]++;
            StudyRun r = pending.get(f.index());
            if (f.failure() != null) {
                failures.add(r.label() + ": " + f.failure().getMessage());
            }
            used.set(f.index(), Double.doubleToLongBits(1.0));
            double sum = 0;
            for (int i = 0; i < used.length(); i++) {
                sum += Double.longBitsToDouble(used.get(i));
            }
            listener.onFinished(
                    r,
                    f.value(),
                    f.failure(),
                    done[0],
                    pending.size(),
                    System.nanoTime() - start,
                    sum / pending.size());
        });
    }

    /** Writes a tuned entry's tuning.json: its space, sampler, every trial's values and score, the selection. */
    private void writeTuning(StudyConfig study, TuningPlan plan, TrialSelection.Result result) throws IOException {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("task", plan.task());
        d.put("optimizer", plan.optimizer());
        d.put("space", plan.space().describe());
        d.put("standard_space", plan.space().standard());
        d.put("sampler", study.tuning().sampler().name().toLowerCase(java.util.Locale.ROOT));
        d.put("metric", plan.metric());
        d.put("higher_is_better", plan.higherIsBetter());
        d.put("checkpoint", plan.report());
        d.put("trial_seeds", study.tuning().seeds());
        d.put("selected_trial", result.selected());
        d.put(
                "selected_values",
                result.selected() == 0
                        ? Map.of()
                        : plan.trials().get(result.selected() - 1).values());
        List<Map<String, Object>> trials = new ArrayList<>();
        for (int i = 0; i < plan.trials().size(); i++) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("trial", plan.trials().get(i).index());
            t.put("values", plan.trials().get(i).values());
            TrialSelection.Score score = result.scores().get(i);
            t.put("score", Double.isNaN(score.score()) ? null : score.score());
            t.put(
                    "per_seed",
                    score.perSeed().stream().map(v -> v.isNaN() ? null : v).toList());
            trials.add(t);
        }
        d.put("trials", trials);
        Path folder = ExperimentRunner.within(folder(study), Path.of(plan.task(), plan.optimizer()));
        Files.createDirectories(folder);
        RunDirectory.writeAtomically(
                folder.resolve("tuning.json"),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(d) + "\n");
    }

    /**
     * Writes tuning.csv: one row per finished trial run, with its values, the selection metric and the test
     * metric at the judged checkpoint, and its cost. Written after every selection is made; the report's
     * tuning-budget curves read it.
     */
    private Path writeTuningIndex(StudyConfig study, Map<TuningPlan, TrialSelection.Result> selections)
            throws IOException {
        StringBuilder csv = new StringBuilder(
                "task,optimizer,trial,seed,values,termination,selection_metric,selection_value,test_metric,test_value,"
                        + "sample_forward_passes,wall_seconds,selected\n");
        for (TuningPlan plan : study.plans()) {
            String testMetric = plan.metric().startsWith("validation_")
                    ? "test_" + plan.metric().substring("validation_".length())
                    : "";
            boolean bestValidation = plan.report().equals("best_validation");
            int selected = selections.get(plan).selected();
            for (TuningPlan.Trial t : plan.trials()) {
                String values = String.join(
                        " ",
                        t.values().entrySet().stream()
                                .map(e -> e.getKey() + "=" + e.getValue())
                                .toList());
                for (StudyRun r : t.runs()) {
                    if (!complete(study, r)) {
                        continue;
                    }
                    Path folder = runFolder(study, r);
                    Set<String> wanted = new java.util.HashSet<>(Set.of(plan.metric(), "validation_loss"));
                    if (!testMetric.isEmpty()) {
                        wanted.add(testMetric);
                    }
                    Map<String, double[]> columns = TrialSelection.readColumns(folder.resolve("metrics.csv"), wanted);
                    double selection = TrialSelection.value(columns, plan.metric(), bestValidation);
                    double test = testMetric.isEmpty()
                            ? Double.NaN
                            : TrialSelection.value(
                                    bestValidation
                                            ? columns
                                            : Map.of(testMetric, columns.getOrDefault(testMetric, new double[0])),
                                    testMetric,
                                    bestValidation);
                    @SuppressWarnings("unchecked")
                    Map<String, Object> m =
                            JSON.readValue(folder.resolve("manifest.json").toFile(), Map.class);
                    @SuppressWarnings("unchecked")
                    Map<String, Object> clocks = (Map<String, Object>) m.get("clocks");
                    csv.append(String.join(
                                    ",",
                                    plan.task(),
                                    plan.optimizer(),
                                    String.valueOf(t.index()),
                                    String.valueOf(r.seed()),
                                    values,
                                    String.valueOf(m.get("termination")),
                                    plan.metric(),
                                    Double.isNaN(selection) ? "" : Double.toString(selection),
                                    testMetric,
                                    Double.isNaN(test) ? "" : Double.toString(test),
                                    String.valueOf(clocks.get("sample_forward_passes")),
                                    String.valueOf(clocks.get("wall_seconds")),
                                    String.valueOf(t.index() == selected)))
                            .append('\n');
                }
            }
        }
        Path file = folder(study).resolve("tuning.csv");
        RunDirectory.writeAtomically(file, csv);
        return file;
    }

    /** Epochs of Tribuo's linear SGD baseline: enough for a linear model on these datasets to settle. */
    private static final int BASELINE_EPOCHS = 20;

    /**
     * For every CSV or text task, trains Tribuo's linear SGD model on each seed's split (the runs' own data)
     * and writes the metrics to {@code <task>/baselines.csv}: the reference rows and lines of the report; for
     * a market task, writes its reference forecasts or buy-and-hold there instead.
     */
    public void writeBaselines(StudyConfig study, ExperimentRunner runner) throws IOException {
        for (String task : study.tasks()) {
            List<Long> seeds = study.evaluationRuns().stream()
                    .filter(r -> r.task().equals(task))
                    .map(StudyRun::seed)
                    .distinct()
                    .toList();
            if (seeds.isEmpty()) {
                continue;
            }
            org.learnbench.experiment.config.ExperimentConfig config = study.runs().stream()
                    .filter(r -> r.task().equals(task))
                    .findFirst()
                    .orElseThrow()
                    .config();
            List<Reference> rows = new ArrayList<>();
            if (config.task() instanceof org.learnbench.experiment.config.TaskConfig.Csv
                    || config.task() instanceof org.learnbench.experiment.config.TaskConfig.Text) {
                for (long seed : seeds) {
                    long baselineSeed =
                            new org.learnbench.optim.SeedStreams(seed).seed(org.learnbench.optim.SeedStreams.BASELINE);
                    rows.add(new Reference(
                            org.learnbench.baselines.TribuoLinear.NAME,
                            seed,
                            org.learnbench.baselines.TribuoLinear.trainAndEvaluate(
                                    runner.prepare(config, seed), baselineSeed, BASELINE_EPOCHS)));
                }
            } else {
                // A market task's references use no seed: one row per seed, so they pair with the runs.
                runner.references(config)
                        .forEach((name, values) -> seeds.forEach(seed -> rows.add(new Reference(name, seed, values))));
            }
            if (!rows.isEmpty()) {
                writeReferences(study, task, rows);
            }
        }
    }

    /** One reference model's (or forecast's) final metrics on one seed's split: a row of baselines.csv. */
    private record Reference(String name, long seed, Map<String, Double> metrics) {}

    /** Writes {@code <task>/baselines.csv}, its columns the first row's metrics. */
    private void writeReferences(StudyConfig study, String task, List<Reference> rows) throws IOException {
        List<String> measures = new ArrayList<>(rows.get(0).metrics().keySet());
        StringBuilder csv = new StringBuilder("baseline,seed,")
                .append(String.join(",", measures))
                .append('\n');
        for (Reference row : rows) {
            csv.append(row.name()).append(',').append(row.seed());
            measures.forEach(m -> csv.append(',').append(row.metrics().getOrDefault(m, Double.NaN)));
            csv.append('\n');
        }
        Path folder = ExperimentRunner.within(folder(study), Path.of(task));
        Files.createDirectories(folder);
        RunDirectory.writeAtomically(folder.resolve("baselines.csv"), csv.toString());
    }

    /** Rewrites runs.csv from the manifests of the study's finished runs, atomically. */
    public Path writeIndex(StudyConfig study) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        Set<String> metricNames = new LinkedHashSet<>();
        for (StudyRun r : study.evaluationRuns()) {
            Path manifest = runFolder(study, r).resolve("manifest.json");
            // Only results of this very config and seed: an edited study's stale runs stay out.
            if (!complete(study, r)) {
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> m = JSON.readValue(manifest.toFile(), Map.class);
            @SuppressWarnings("unchecked")
            Map<String, Object> clocks = (Map<String, Object>) m.get("clocks");
            @SuppressWarnings("unchecked")
            Map<String, Object> metrics = (Map<String, Object>) m.get("final_metrics");
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("task", r.task());
            row.put("optimizer", r.optimizer());
            row.put("seed", r.seed());
            row.put("folder", r.folder().toString().replace('\\', '/'));
            row.put("config_hash", m.get("config_hash"));
            row.put("termination", m.get("termination"));
            for (String clock : List.of(
                    "iterations",
                    "sample_forward_passes",
                    "evaluations",
                    "env_steps",
                    "episodes",
                    "flops",
                    "wall_seconds")) {
                row.put(clock, clocks.get(clock));
            }
            metrics.forEach((k, v) -> {
                metricNames.add(k);
                row.put("final_" + k, v);
            });
            rows.add(row);
        }
        List<String> header = new ArrayList<>(List.of(
                "task",
                "optimizer",
                "seed",
                "folder",
                "config_hash",
                "termination",
                "iterations",
                "sample_forward_passes",
                "evaluations",
                "env_steps",
                "episodes",
                "flops",
                "wall_seconds"));
        metricNames.forEach(n -> header.add("final_" + n));
        StringBuilder csv = new StringBuilder(String.join(",", header)).append('\n');
        for (Map<String, Object> row : rows) {
            List<String> cells = new ArrayList<>();
            for (String h : header) {
                Object v = row.get(h);
                cells.add(v == null ? "" : String.valueOf(v));
            }
            csv.append(String.join(",", cells)).append('\n');
        }
        Path folder = folder(study);
        Files.createDirectories(folder);
        Path index = folder.resolve("runs.csv");
        RunDirectory.writeAtomically(index, csv);
        return index;
    }

    /** "1 min 20 s"-style duration for progress lines. */
    public static String duration(long nanos) {
        return org.learnbench.optim.Durations.format(nanos);
    }
}
