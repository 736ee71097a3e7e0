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
import org.learnbench.experiment.config.StudySettings;
import org.yaml.snakeyaml.DumperOptions;
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
        List<StudyRun> runs = new ArrayList<>();
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
                MappingNode section = StudySettings.OPTIMIZER
                        .read(optimizers.map(optimizerLabel), new Scope(null, null), file)
                        .mappingNode();
                String path = "optimizers." + optimizerLabel + ".optimizer";
                for (GridPoint point : grid(file, path, section)) {
                    String variant = optimizerLabel + point.suffix();
                    for (long seed : head.seeds()) {
                        ExperimentConfig config = ExperimentSettings.assemble(
                                file,
                                name,
                                head.description(),
                                fresh(task.task()),
                                task.network() == null ? null : fresh(task.network()),
                                fresh(taskBudget),
                                ConfigNode.of(file, path, section, point.picks()),
                                taskCheckpoints == null ? null : fresh(taskCheckpoints),
                                List.of(seed),
                                head.threads());
                        runs.add(new StudyRun(
                                taskLabel, variant, seed, config, Path.of(taskLabel, variant, "seed-" + seed)));
                    }
                }
            }
        }
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
                file, name, head.description(), runs, head.parallel(), head.threads(), head.seed(), reporting);
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
