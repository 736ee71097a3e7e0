package org.learnbench.experiment.config;

import java.util.List;

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
            long seed) {}

    /** A task entry: the task's sections, and the report's metric and targets for it. */
    public record TaskEntry(
            ConfigNode task,
            ConfigNode network,
            ConfigNode budget,
            ConfigNode checkpoints,
            String metric,
            List<Double> targets,
            String report) {}

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
                    v.l("seed")),
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
                    .check((Long n) -> n >= 0, "a whole number >= 0"));

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

    /** An optimizer entry of {@code optimizers:}. */
    public static final Section<ConfigNode> OPTIMIZER = Section.of(
            "study optimizers: <label>",
            v -> v.as("optimizer"),
            Setting.of("optimizer", Kind.MAPPING, "the optimizer section, as in an experiment", (ConfigNode n) -> n));
}
