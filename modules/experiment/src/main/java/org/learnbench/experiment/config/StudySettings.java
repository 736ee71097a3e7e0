package org.learnbench.experiment.config;

import java.util.List;
import org.learnbench.experiment.tuning.Dimension;
import org.learnbench.experiment.tuning.Sampler;
import org.learnbench.experiment.tuning.Tuning;

/**
 * The keys of a study file, declared once each: the study's own settings, each task entry (the sections
 * of an experiment, plus how the report judges the task) and each optimizer entry. The runs a study
 * expands to are experiments, read by the declarations in {@link ExperimentSettings} and {@link
 * OptimizerSettings}.
 */
public final class StudySettings {
    private StudySettings() {}

    /** The study's top-level settings, as read. */
    public record Head(
            String name,
            String description,
            ConfigNode tasks,
            ConfigNode optimizers,
            ConfigNode budget,
            ConfigNode checkpoints,
            List<Long> seeds,
            int parallel,
            int threads,
            long seed,
            Tuning tuning) {}

    /** A task entry: the task's sections, and the report's metric and targets for it. */
    public record TaskEntry(
            ConfigNode task,
            ConfigNode network,
            ConfigNode budget,
            ConfigNode checkpoints,
            String metric,
            List<Double> targets,
            String report) {}

    /** The tuning protocol of a study: {@code tuning:}. */
    static final Section<Tuning> TUNING_SECTION = Section.of(
            "study tuning",
            v -> new Tuning(v.i("trials"), v.as("sampler"), v.s("metric"), v.as("seeds")),
            Setting.of(
                            "trials",
                            Kind.INT,
                            "trials per optimizer entry and task, the same for every entry",
                            Tuning::trials)
                    .standard(8)
                    .check((Integer n) -> n >= 1, "a whole number >= 1"),
            Setting.of("sampler", Kind.of(Sampler.class), "how trial points are drawn", Tuning::sampler)
                    .standard(Sampler.QUASI_RANDOM),
            Setting.of("metric", Kind.TEXT, "the metric the best trial is selected on", Tuning::metric)
                    .standard(
                            v -> "",
                            "the validation twin of the task's metric (validation_accuracy, validation_r2_log, "
                                    + "validation_r2); eval_return for control, fitness for black-box tasks")
                    .check(
                            (String m) -> !m.startsWith("test_"),
                            "a validation or evaluation metric (the test split never selects a configuration)"),
            Setting.of(
                            "seeds",
                            Kind.SEEDS,
                            "the seeds every trial runs on (its score is their mean); disjoint from the study's seeds",
                            Tuning::seeds)
                    .standard(SeedList.parse("1001")));

    /** A hyperparameter's range in {@code search:}: exactly one of these keys. */
    public static final Section<java.util.function.Function<String, Dimension>> RANGE = Section.of(
            "study optimizers: <label>: search: <setting>",
            StudySettings::range,
            Setting.of(
                            "log_uniform",
                            Kind.NUMBERS,
                            "[low, high], 0 < low < high: equal chances per decade",
                            (java.util.function.Function<String, Dimension> f) -> null)
                    .optional("-"),
            Setting.of(
                            "uniform",
                            Kind.NUMBERS,
                            "[low, high], low < high",
                            (java.util.function.Function<String, Dimension> f) -> null)
                    .optional("-"),
            Setting.of(
                            "int",
                            Kind.INTS,
                            "[low, high]: whole numbers low..high, low < high",
                            (java.util.function.Function<String, Dimension> f) -> null)
                    .optional("-"),
            Setting.of(
                            "choice",
                            Kind.TEXTS,
                            "[a, b, ...]: one of two or more values",
                            (java.util.function.Function<String, Dimension> f) -> null)
                    .optional("-"));

    private static java.util.function.Function<String, Dimension> range(Values v) {
        List<String> given = java.util.stream.Stream.of("log_uniform", "uniform", "int", "choice")
                .filter(k -> v.get(k) != null)
                .toList();
        if (given.size() != 1) {
            throw v.error(
                    given.isEmpty() ? "" : given.get(1),
                    "expected exactly one of log_uniform: [low, high], uniform: [low, high], int: [low, high], "
                            + "choice: [a, b, ...]" + (given.isEmpty() ? "" : ", got " + String.join(" and ", given)));
        }
        String kind = given.get(0);
        if (kind.equals("choice")) {
            List<String> values = v.as("choice");
            if (values.size() < 2 || new java.util.HashSet<>(values).size() != values.size()) {
                throw v.error(
                        "choice", "expected two or more different values (one value is no search), got " + values);
            }
            return key -> new Dimension.Choice(key, values);
        }
        List<? extends Number> ends = v.as(kind);
        if (ends.size() != 2) {
            throw v.error(kind, "expected [low, high], got " + ends.size() + " value" + (ends.size() == 1 ? "" : "s"));
        }
        double low = ends.get(0).doubleValue();
        double high = ends.get(1).doubleValue();
        if (low > high) {
            throw v.error(kind, "expected low <= high, got low " + ends.get(0) + " > high " + ends.get(1));
        }
        if (low == high) {
            throw v.error(
                    kind,
                    "an empty range: low equals high (" + ends.get(0) + "); set the value in the optimizer "
                            + "section instead");
        }
        if (kind.equals("log_uniform") && low <= 0) {
            throw v.error(
                    kind,
                    "a log-uniform range must lie above 0 (the log of " + ends.get(0)
                            + " is undefined); use uniform: for a range through zero");
        }
        return switch (kind) {
            case "log_uniform" -> key -> new Dimension.LogUniform(key, low, high);
            case "uniform" -> key -> new Dimension.Uniform(key, low, high);
            default -> key -> new Dimension.IntRange(key, (long) low, (long) high);
        };
    }

    /** The study file's top level. */
    public static final Section<Head> STUDY = Section.of(
            "study",
            v -> new Head(
                    v.s("study"),
                    v.s("description"),
                    v.as("tasks"),
                    v.as("optimizers"),
                    v.as("budget"),
                    v.as("checkpoints"),
                    v.as("seeds"),
                    v.i("parallel"),
                    v.i("threads"),
                    v.l("seed"),
                    v.as("tuning")),
            Setting.of("study", Kind.TEXT, "the folder under results/", Head::name)
                    .standard(Values::sourceName, "the file's name")
                    .check(
                            (String n) -> ExperimentSettings.folderName(n),
                            "letters, digits, '.', '_' or '-' only (it names a folder)"),
            Setting.of("description", Kind.TEXT, "free text", Head::description).standard(""),
            Setting.of(
                            "extends",
                            Kind.TEXT,
                            "another study file whose keys this one takes (its own keys, and task and optimizer "
                                    + "entries of the same label, override them); no chains",
                            (Head h) -> null)
                    .optional("none")
                    .unrecorded(),
            Setting.of("tasks", Kind.MAPPING, "label -> a task entry (below); labels name folders", Head::tasks),
            Setting.of(
                    "optimizers",
                    Kind.MAPPING,
                    "label -> an optimizer entry; a list anywhere in its section is a grid axis",
                    Head::optimizers),
            Setting.of(
                            "budget",
                            Kind.MAPPING,
                            "the budget of tasks without their own, the same for every optimizer",
                            Head::budget)
                    .optional("none"),
            Setting.of("checkpoints", Kind.MAPPING, "the checkpoints of tasks without their own", Head::checkpoints)
                    .optional("30 log-spaced on the clock the budget limits"),
            Setting.of("seeds", Kind.SEEDS, "the same seeds for every optimizer, so results pair by seed", Head::seeds)
                    .standard(SeedList.parse("1..10")),
            Setting.of("parallel", Kind.INT, "runs at once", Head::parallel)
                    .standard(v -> Math.max(1, Runtime.getRuntime().availableProcessors()), "the cores")
                    .check((Integer n) -> n >= 1, "a whole number >= 1"),
            Setting.of(
                            "threads",
                            Kind.THREADS,
                            "threads for each run's arithmetic (never changes results)",
                            Head::threads)
                    .standard(0)
                    .unrecorded(),
            Setting.of(
                            "seed",
                            Kind.LONG,
                            "the study's own seed: the root of its report's random streams (bootstrap resamples)",
                            Head::seed)
                    .standard(1L)
                    .check((Long n) -> n >= 0, "a whole number >= 0"),
            Setting.of(
                            "tuning",
                            Kind.section(TUNING_SECTION),
                            "tune every optimizer entry with the same number of trials before comparing (below)",
                            Head::tuning)
                    .optional("off: every optimizer runs as its entry sets it"));

    /** A task entry of {@code tasks:}. */
    public static final Section<TaskEntry> TASK = Section.of(
            "study tasks: <label>",
            v -> new TaskEntry(
                    v.as("task"),
                    v.as("network"),
                    v.as("budget"),
                    v.as("checkpoints"),
                    v.s("metric"),
                    v.as("targets"),
                    v.s("report")),
            Setting.of("task", Kind.MAPPING, "the task section, as in an experiment", TaskEntry::task),
            Setting.of("network", Kind.MAPPING, "the network section, as in an experiment", TaskEntry::network)
                    .optional("none (black-box tasks)"),
            Setting.of("budget", Kind.MAPPING, "this task's budget, the same for every optimizer", TaskEntry::budget)
                    .optional("the study's"),
            Setting.of("checkpoints", Kind.MAPPING, "this task's checkpoints", TaskEntry::checkpoints)
                    .optional("the study's"),
            Setting.of("metric", Kind.TEXT, "the metric the report compares", TaskEntry::metric)
                    .standard(
                            v -> "",
                            "the first the runs record of test_accuracy, test_r2_log (a logged target: the scale it is trained on), test_r2, eval_return, fitness"),
            Setting.of("targets", Kind.NUMBERS, "targets of the fixed-target (cost) analysis", TaskEntry::targets)
                    .standard(v -> List.of(), "quartiles of the final values"),
            Setting.of(
                            "report",
                            Kind.choice(List.of("final", "best_validation")),
                            "which checkpoint of each run the report judges: the final one, or the one with the "
                                    + "lowest validation loss (what early stopping with restore keeps)",
                            TaskEntry::report)
                    .standard("final"));

    /** An optimizer entry: its section, and the search space it is tuned over (null: the standard one). */
    public record OptimizerEntry(ConfigNode optimizer, ConfigNode search) {}

    /** An optimizer entry of {@code optimizers:}. */
    public static final Section<OptimizerEntry> OPTIMIZER = Section.of(
            "study optimizers: <label>",
            v -> new OptimizerEntry(v.as("optimizer"), v.as("search")),
            Setting.of(
                    "optimizer", Kind.MAPPING, "the optimizer section, as in an experiment", OptimizerEntry::optimizer),
            Setting.of(
                            "search",
                            Kind.MAPPING,
                            "when the study is tuned: setting (dotted, e.g. mutation.sigma) -> its range (below); "
                                    + "{} tunes nothing",
                            OptimizerEntry::search)
                    .optional("the family's standard space: its step size, log-uniform over two decades either "
                            + "side of the entry's value (learning_rate; genetic mutation.sigma; cmaes sigma)"));
}
