package org.learnbench.experiment.study;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.learnbench.experiment.config.ConfigException;
import org.learnbench.experiment.config.ConfigNode;
import org.learnbench.experiment.config.ExperimentConfig;
import org.learnbench.experiment.config.ExperimentSettings;
import org.learnbench.experiment.config.Scope;
import org.learnbench.experiment.config.SeedList;
import org.learnbench.experiment.config.StudySettings;
import org.learnbench.experiment.tuning.Dimension;
import org.learnbench.experiment.tuning.Overrides;
import org.learnbench.experiment.tuning.SearchSpace;
import org.learnbench.experiment.tuning.Settings;
import org.learnbench.experiment.tuning.Tuning;
import org.learnbench.optim.Metric;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a study file and expands it into runs. Each run is read from the study's own YAML nodes (the
 * task's sections, the optimizer's section with one item picked from each grid axis, the budget and
 * checkpoints) by the same declarations as an experiment, so every mistake is reported at its line in
 * the study file.
 *
 * <p>A list anywhere in an optimizer's section is a grid axis: {@code learning_rate: [0.001, 0.01]} gives
 * two settings. A study may {@code extends:} another study file, whose top-level keys (and task and
 * optimizer entries) it overrides. The format is documented in experiments/README.md.
 */
public final class StudyReader {
    private StudyReader() {}

    public static StudyConfig read(Path file) {
        ConfigNode root = ConfigNode.load(file);
        MappingNode merged = root.mappingNode();
        ConfigNode study = root;
        if (root.has("extends")) {
            Path base = file.toAbsolutePath()
                    .getParent()
                    .resolve(root.string("extends"))
                    .normalize();
            ConfigNode baseRoot = ConfigNode.load(base);
            if (baseRoot.has("extends")) {
                throw root.error(
                        "extends",
                        "the base study " + base.getFileName() + " extends another; chains of "
                                + "extends are not supported (merge them into one base)");
            }
            merged = merge(baseRoot.mappingNode(), root.mappingNode());
            study = ConfigNode.of(file, merged);
            study.has("extends");
        }
        if (!study.keys().contains("tasks") && study.keys().contains("task")) {
            throw new ConfigException(
                    file,
                    study.line(),
                    "",
                    "this is an experiment file (it has task:, not tasks:); run it with: learnbench run " + file);
        }
        StudySettings.Head head = StudySettings.STUDY.read(study, new Scope(null, null), file);
        String name = head.name();
        ConfigNode tasks = head.tasks();
        ConfigNode optimizers = head.optimizers();
        if (tasks.keys().isEmpty() || optimizers.keys().isEmpty()) {
            throw study.error(tasks.keys().isEmpty() ? "tasks" : "optimizers", "expected at least one entry");
        }
        Tuning tuning = head.tuning();
        if (tuning != null) {
            List<Long> shared =
                    tuning.seeds().stream().filter(head.seeds()::contains).toList();
            if (!shared.isEmpty()) {
                throw study.map("tuning")
                        .error(
                                "seeds",
                                "expected trial seeds disjoint from the study's seeds (a configuration selected on "
                                        + "the seeds it is then evaluated on would be judged on its own luck), both "
                                        + "have " + shared);
            }
        }
        List<StudyRun> runs = new ArrayList<>();
        List<TuningPlan> plans = new ArrayList<>();
        Map<String, String> protocols = new LinkedHashMap<>();
        // Per tuned entry, the metric each task selects on (the protocol names them all).
        Map<String, Map<String, String>> selectedOn = new LinkedHashMap<>();
        Map<String, StudyConfig.Reporting> reporting = new LinkedHashMap<>();
        for (String taskLabel : tasks.keys()) {
            requireLabel(tasks, taskLabel);
            StudySettings.TaskEntry task = StudySettings.TASK.read(tasks.map(taskLabel), new Scope(null, null), file);
            reporting.put(taskLabel, new StudyConfig.Reporting(task.metric(), task.targets(), task.report()));
            ConfigNode taskBudget = task.budget() != null ? task.budget() : head.budget();
            ConfigNode taskCheckpoints = task.checkpoints() != null ? task.checkpoints() : head.checkpoints();
            if (taskBudget == null) {
                throw tasks.map(taskLabel).error("budget", "missing: give a budget for the study or for this task");
            }
            for (String optimizerLabel : optimizers.keys()) {
                requireLabel(optimizers, optimizerLabel);
                ConfigNode entryNode = optimizers.map(optimizerLabel);
                StudySettings.OptimizerEntry entry =
                        StudySettings.OPTIMIZER.read(entryNode, new Scope(null, null), file);
                MappingNode section = entry.optimizer().mappingNode();
                String path = "optimizers." + optimizerLabel + ".optimizer";
                for (GridPoint point : grid(file, path, section)) {
                    String variant = optimizerLabel + point.suffix();
                    RunBuilder builder = (seed, values, marks) -> ExperimentSettings.assemble(
                            file,
                            name,
                            head.description(),
                            fresh(task.task()),
                            task.network() == null ? null : fresh(task.network()),
                            fresh(taskBudget),
                            ConfigNode.of(
                                    file,
                                    path,
                                    values.isEmpty() ? section : Overrides.apply(section, values, marks),
                                    point.picks()),
                            taskCheckpoints == null ? null : fresh(taskCheckpoints),
                            List.of(seed),
                            head.threads());
                    java.util.function.Function<Map<String, String>, List<StudyRun>> evaluation =
                            values -> head.seeds().stream()
                                    .map(seed -> new StudyRun(
                                            taskLabel,
                                            variant,
                                            seed,
                                            builder.build(seed, values, Map.of()),
                                            Path.of(taskLabel, variant, "seed-" + seed)))
                                    .toList();
                    SearchSpace space = null;
                    Map<String, Mark> marks = new LinkedHashMap<>();
                    ExperimentConfig base = null;
                    if (tuning != null) {
                        base = builder.build(head.seeds().get(0), Map.of(), Map.of());
                        space = searchSpace(entryNode, entry, base, point, marks);
                    }
                    if (space == null || space.isEmpty()) {
                        runs.addAll(evaluation.apply(Map.of()));
                        protocols.putIfAbsent(
                                variant,
                                asWritten(entry.optimizer())
                                        + (space == null
                                                ? ""
                                                : space.standard()
                                                        ? " (nothing to tune)"
                                                        : " (not tuned: its search space is empty)"));
                        continue;
                    }
                    checkRanges(space, builder, head.seeds().get(0), marks, entryNode);
                    String metric = selectionMetric(tuning, task, base, study);
                    boolean higher = higherIsBetter(metric, base);
                    java.util.random.RandomGenerator random = new java.util.SplittableRandom(
                            org.learnbench.optim.SeedStreams.mix(new org.learnbench.optim.SeedStreams(head.seed())
                                            .seed(org.learnbench.optim.SeedStreams.TRIALS)
                                    ^ variant.hashCode()));
                    List<Map<String, String>> points = space.points(tuning.sampler(), tuning.trials(), random);
                    List<TuningPlan.Trial> trials = new ArrayList<>();
                    for (int k = 1; k <= points.size(); k++) {
                        Map<String, String> values = points.get(k - 1);
                        List<StudyRun> trialRuns = new ArrayList<>();
                        for (long seed : tuning.seeds()) {
                            trialRuns.add(new StudyRun(
                                    taskLabel,
                                    variant,
                                    seed,
                                    builder.build(seed, values, marks),
                                    Path.of(
                                            taskLabel,
                                            variant,
                                            "trials",
                                            String.format(java.util.Locale.ROOT, "trial-%02d", k),
                                            "seed-" + seed),
                                    k));
                        }
                        runs.addAll(trialRuns);
                        trials.add(new TuningPlan.Trial(k, values, trialRuns));
                    }
                    plans.add(new TuningPlan(
                            taskLabel, variant, space, metric, higher, task.report(), trials, evaluation));
                    protocols.putIfAbsent(
                            variant,
                            "tuned: " + tuning.trials() + " "
                                    + tuning.sampler()
                                            .name()
                                            .toLowerCase(java.util.Locale.ROOT)
                                            .replace('_', '-')
                                    + " trials of " + space.describe() + ", selected on %s (mean over trial seeds "
                                    + SeedList.format(tuning.seeds()) + ")");
                    selectedOn
                            .computeIfAbsent(variant, k -> new LinkedHashMap<>())
                            .put(taskLabel, metric);
                }
            }
        }
        selectedOn.forEach((variant, metrics) -> protocols.put(
                variant,
                protocols
                        .get(variant)
                        .replace(
                                "%s",
                                new java.util.HashSet<>(metrics.values()).size() == 1
                                        ? metrics.values().iterator().next()
                                        : String.join(
                                                ", ",
                                                metrics.entrySet().stream()
                                                        .map(e -> e.getValue() + " on " + e.getKey())
                                                        .toList()))));
        tasks.finish();
        optimizers.finish();
        java.util.Set<Path> folders = new java.util.HashSet<>();
        for (StudyRun r : runs) {
            if (!folders.add(r.folder())) {
                throw new ConfigException(
                        file,
                        0,
                        "optimizers",
                        "two settings share the run folder " + r.folder()
                                + "; give the optimizers or grid values names that differ");
            }
        }
        return new StudyConfig(
                file,
                name,
                head.description(),
                runs,
                head.parallel(),
                head.threads(),
                head.seed(),
                reporting,
                tuning,
                plans,
                protocols);
    }

    /** Builds one run's experiment: a seed, and the trial values set in the optimizer's section. */
    @FunctionalInterface
    private interface RunBuilder {
        ExperimentConfig build(long seed, Map<String, String> values, Map<String, Mark> marks);
    }

    /**
     * The space an entry is tuned over: its {@code search:} (each key a setting of this optimizer, not one
     * of its grid axes), or the family's standard space. Fills {@code marks} with the position each key's
     * errors point at.
     */
    @SuppressWarnings("unchecked")
    private static SearchSpace searchSpace(
            ConfigNode entryNode,
            StudySettings.OptimizerEntry entry,
            ExperimentConfig base,
            GridPoint point,
            Map<String, Mark> marks) {
        Map<String, Object> resolved = (Map<String, Object>) base.resolved().get("optimizer");
        if (entry.search() == null) {
            SearchSpace space = SearchSpace.standardFor(resolved);
            Mark mark = markOf(entryNode.mappingNode(), "optimizer");
            space.keys().forEach(k -> marks.put(k, mark));
            return space;
        }
        ConfigNode search = entry.search();
        Map<String, Object> settings = Settings.flatten(resolved);
        settings.remove("type");
        List<Dimension> dimensions = new ArrayList<>();
        for (String key : search.keys()) {
            Object current = settings.get(key);
            if (!settings.containsKey(key)) {
                String hint = org.learnbench.tasks.data.NearestName.of(key, settings.keySet())
                        .map(n -> "; did you mean '" + n + "'?")
                        .orElse(" (its settings: " + String.join(", ", settings.keySet()) + ")");
                throw search.error(key, "not a setting of this " + resolved.get("type") + " optimizer" + hint);
            }
            if (current instanceof Map<?, ?>) {
                throw search.error(
                        key,
                        "a section, not a setting; search one of its settings: "
                                + String.join(
                                        ", ",
                                        settings.keySet().stream()
                                                .filter(k -> k.startsWith(key + "."))
                                                .toList()));
            }
            if (point.picks().containsKey(key)) {
                throw search.error(
                        key,
                        "is a grid axis of this entry (a list in its optimizer section); search it or "
                                + "list it, not both");
            }
            if (!search.isMapping(key)) {
                throw search.error(
                        key,
                        "expected a range such as {log_uniform: [0.0001, 0.1]}, {uniform: [0, 0.9]}, {int: [1, 8]} "
                                + "or {choice: [a, b]}, got '" + search.text(key) + "'");
            }
            dimensions.add(StudySettings.RANGE
                    .read(search.map(key), new Scope(null, null), search.file())
                    .apply(key));
            marks.put(key, markOf(search.mappingNode(), key));
        }
        search.finish();
        return new SearchSpace(dimensions, false);
    }

    /** Every end of every range (every choice) must give a valid optimizer, before any trial runs. */
    private static void checkRanges(
            SearchSpace space, RunBuilder builder, long seed, Map<String, Mark> marks, ConfigNode entryNode) {
        for (Dimension d : space.dimensions()) {
            for (String value : d.checkValues()) {
                try {
                    builder.build(seed, Map.of(d.key(), value), marks);
                } catch (ConfigException e) {
                    Mark mark = marks.get(d.key());
                    throw new ConfigException(
                            entryNode.file(),
                            mark == null ? entryNode.line() : mark.getLine() + 1,
                            entryNode.qualify("search." + d.key()),
                            "the range " + d.describe() + " includes " + value + ", which this optimizer refuses: "
                                    + e.detail());
                }
            }
        }
    }

    /** The metric trials are selected on: the study's, or the validation twin of the task's compared metric. */
    private static String selectionMetric(
            Tuning tuning, StudySettings.TaskEntry task, ExperimentConfig base, ConfigNode study) {
        List<String> recorded = ExperimentSettings.metricsOf(base.task()).stream()
                .map(Metric::name)
                .toList();
        if (!tuning.metric().isEmpty()) {
            if (!recorded.contains(tuning.metric())) {
                throw study.map("tuning")
                        .error(
                                "metric",
                                "expected a metric every task records, and this "
                                        + base.task().type()
                                        + " task records "
                                        + String.join(
                                                ", ",
                                                recorded.stream()
                                                        .filter(m -> !m.startsWith("test_"))
                                                        .toList()));
            }
            return tuning.metric();
        }
        List<String> compared = task.metric().isEmpty()
                ? List.of("test_accuracy", "test_r2_log", "test_r2", "eval_return", "fitness")
                : List.of(task.metric());
        for (String m : compared) {
            if (recorded.contains(m)) {
                String twin = m.startsWith("test_") ? "validation_" + m.substring("test_".length()) : m;
                if (recorded.contains(twin)) {
                    return twin;
                }
            }
        }
        throw study.map("tuning")
                .error("metric", "this task has no validation twin of its compared metric; name one to select on");
    }

    private static boolean higherIsBetter(String metric, ExperimentConfig base) {
        return ExperimentSettings.metricsOf(base.task()).stream()
                .filter(m -> m.name().equals(metric))
                .findFirst()
                .map(Metric::higherIsBetter)
                .orElse(false);
    }

    /** "defaults" when the entry sets nothing but its type (and preset), else "hand-set". */
    private static String asWritten(ConfigNode optimizer) {
        List<String> set = optimizer.keys().stream()
                .filter(k -> !k.equals("type") && !k.equals("preset"))
                .toList();
        if (!set.isEmpty()) {
            return "hand-set";
        }
        return optimizer.keys().contains("preset") ? "defaults (preset " + optimizer.text("preset") + ")" : "defaults";
    }

    private static Mark markOf(MappingNode node, String key) {
        for (NodeTuple t : node.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                return k.getStartMark();
            }
        }
        return node.getStartMark();
    }

    /** A node read afresh (each run reads the shared sections again, each read marking its own keys). */
    private static ConfigNode fresh(ConfigNode node) {
        return ConfigNode.of(node.file(), node.qualify(""), node.mappingNode(), java.util.Map.of());
    }

    private static void requireLabel(ConfigNode parent, String label) {
        if (!ExperimentSettings.folderName(label)) {
            throw parent.error(label, "expected a label of letters, digits, '.', '_' or '-' (it names a folder)");
        }
    }

    /** One point of an optimizer's grid: which item of each listed value it takes, and a folder-safe suffix. */
    private record GridPoint(Map<String, Integer> picks, String suffix) {}

    /**
     * The grid of an optimizer section: every list of single values in it, at any depth, is an axis; the
     * points are their cartesian product, in file order.
     */
    private static List<GridPoint> grid(Path file, String path, MappingNode section) {
        List<GridPoint> points = new ArrayList<>();
        points.add(new GridPoint(Map.of(), ""));
        for (Axis axis : axes(ConfigNode.of(file, path, section, Map.of()), "")) {
            List<GridPoint> next = new ArrayList<>();
            for (GridPoint p : points) {
                for (int i = 0; i < axis.values().size(); i++) {
                    Map<String, Integer> picks = new LinkedHashMap<>(p.picks());
                    picks.put(axis.key(), i);
                    next.add(new GridPoint(
                            picks,
                            p.suffix() + "_" + safe(axis.leaf()) + "-"
                                    + safe(axis.values().get(i))));
                }
            }
            points = next;
        }
        return points;
    }

    /** A grid axis: the dotted key (relative to the optimizer section), its last part, and its values. */
    private record Axis(String key, String leaf, List<String> values) {}

    private static List<Axis> axes(ConfigNode node, String prefix) {
        List<Axis> axes = new ArrayList<>();
        for (String key : node.keys()) {
            String dotted = prefix.isEmpty() ? key : prefix + "." + key;
            if (node.isListOfScalars(key)) {
                List<String> values = node.strings(key);
                if (values.isEmpty()) {
                    throw node.error(key, "an empty list gives no setting (expected one or more values)");
                }
                axes.add(new Axis(dotted, key, values));
            } else if (node.isMapping(key)) {
                axes.addAll(axes(node.map(key), dotted));
            }
        }
        return axes;
    }

    private static String safe(String text) {
        // Lossless enough to keep 1e-3, 1e3, -1 and 1 apart; anything else becomes '_'.
        return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._+-]", "_");
    }

    private static MappingNode mapping(List<NodeTuple> tuples) {
        return new MappingNode(
                Tag.MAP, tuples.stream().filter(java.util.Objects::nonNull).toList(), DumperOptions.FlowStyle.BLOCK);
    }

    /** The base file's top-level keys, overridden by the study's; tasks and optimizers merge by entry. */
    private static MappingNode merge(MappingNode base, MappingNode study) {
        Map<String, NodeTuple> merged = new LinkedHashMap<>();
        for (NodeTuple t : base.getValue()) {
            String key = ((ScalarNode) t.getKeyNode()).getValue();
            // A derived study is a study of its own: it never takes the base's name (its results folder).
            if (!key.equals("study") && !key.equals("description")) {
                merged.put(key, t);
            }
        }
        for (NodeTuple t : study.getValue()) {
            String key = ((ScalarNode) t.getKeyNode()).getValue();
            NodeTuple previous = merged.get(key);
            if ((key.equals("tasks") || key.equals("optimizers"))
                    && previous != null
                    && previous.getValueNode() instanceof MappingNode a
                    && t.getValueNode() instanceof MappingNode b) {
                merged.put(key, new NodeTuple(t.getKeyNode(), merge(a, b)));
            } else if (!key.equals("extends")) {
                merged.put(key, t);
            }
        }
        return mapping(new ArrayList<>(merged.values()));
    }
}
