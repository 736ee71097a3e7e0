package org.learnbench.experiment.study;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.learnbench.experiment.config.ConfigException;
import org.learnbench.experiment.config.ConfigNode;
import org.learnbench.experiment.config.ConfigReader;
import org.learnbench.experiment.config.ExperimentConfig;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a study file and expands it into runs. Each run is assembled from the study's own YAML nodes
 * (the task's section, the optimizer's section with one value per grid axis, the budget and checkpoints)
 * and validated by the experiment reader, so every mistake is reported at its line in the study file.
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
        String fallback = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        String name = study.string("study", fallback);
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw study.error(
                    "study", "expected letters, digits, '.', '_' or '-' only (it names a folder), got '" + name + "'");
        }
        String description = study.string("description", "");
        List<Long> seeds = seeds(study);
        int parallel =
                study.intValue("parallel", Math.max(1, Runtime.getRuntime().availableProcessors()), 1);
        int threads = study.intValue("threads", 1, 1);
        ConfigNode tasks = study.map("tasks");
        ConfigNode optimizers = study.map("optimizers");
        Node budget = study.rawValue("budget");
        Node checkpoints = study.rawValue("checkpoints");
        if (tasks.keys().isEmpty() || optimizers.keys().isEmpty()) {
            throw study.error(tasks.keys().isEmpty() ? "tasks" : "optimizers", "expected at least one entry");
        }
        List<StudyRun> runs = new ArrayList<>();
        Map<String, StudyConfig.Reporting> reporting = new LinkedHashMap<>();
        for (String taskLabel : tasks.keys()) {
            requireLabel(tasks, taskLabel);
            ConfigNode task = tasks.map(taskLabel);
            String metric = task.string("metric", "");
            List<Double> targets = new ArrayList<>();
            for (String t : task.strings("targets")) {
                try {
                    targets.add(Double.parseDouble(t));
                } catch (NumberFormatException e) {
                    throw task.error("targets", "expected a list of numbers, got '" + t + "'");
                }
            }
            reporting.put(taskLabel, new StudyConfig.Reporting(metric, targets));
            Node taskBudget = task.has("budget") ? task.rawValue("budget") : budget;
            Node taskCheckpoints = task.has("checkpoints") ? task.rawValue("checkpoints") : checkpoints;
            if (taskCheckpoints == null && taskBudget instanceof MappingNode budgetMapping) {
                taskCheckpoints = logSpacedOnBudgetClock(budgetMapping);
            }
            if (taskBudget == null) {
                throw task.error("budget", "missing: give a budget for the study or for this task");
            }
            Node taskNode = task.rawValue("task");
            Node network = task.rawValue("network");
            if (taskNode == null) {
                throw task.error("task", "missing (expected the task's section, as in an experiment)");
            }
            task.finish();
            for (String optimizerLabel : optimizers.keys()) {
                requireLabel(optimizers, optimizerLabel);
                ConfigNode entry = optimizers.map(optimizerLabel);
                Node optimizer = entry.rawValue("optimizer");
                if (!(optimizer instanceof MappingNode optimizerMapping)) {
                    throw entry.error("optimizer", "missing (expected the optimizer's section, as in an experiment)");
                }
                entry.finish();
                List<Setting> settings;
                try {
                    settings = grid(optimizerMapping);
                } catch (ConfigException e) {
                    throw new ConfigException(
                            file, e.line(), "optimizers." + optimizerLabel + ".optimizer." + e.key(), e.detail());
                }
                for (Setting setting : settings) {
                    String variant = optimizerLabel + setting.suffix();
                    for (long seed : seeds) {
                        MappingNode experiment = mapping(java.util.Arrays.asList(
                                tuple("name", scalar(name)),
                                tuple("task", taskNode),
                                network == null ? null : tuple("network", network),
                                tuple("optimizer", setting.node()),
                                tuple("budget", taskBudget),
                                taskCheckpoints == null ? null : tuple("checkpoints", taskCheckpoints),
                                tuple("seeds", sequence(List.of(scalar(Long.toString(seed))))),
                                tuple("threads", scalar(Integer.toString(threads)))));
                        ExperimentConfig config;
                        try {
                            config = ConfigReader.read(file, ConfigNode.of(file, experiment));
                        } catch (ConfigException e) {
                            throw new ConfigException(
                                    e.file(),
                                    e.line(),
                                    "tasks." + taskLabel + " with optimizers." + optimizerLabel + ": " + e.key(),
                                    e.detail());
                        }
                        runs.add(new StudyRun(
                                taskLabel, variant, seed, config, Path.of(taskLabel, variant, "seed-" + seed)));
                    }
                }
            }
        }
        tasks.finish();
        optimizers.finish();
        study.finish();
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
        return new StudyConfig(file, name, description, runs, parallel, threads, reporting);
    }

    /**
     * The default schedule of a study: 30 checkpoints log-spaced on the clock the budget limits (the
     * first of sample-forward-passes, evaluations, env steps, episodes, else iterations), so every
     * optimizer is recorded at comparable costs.
     */
    private static Node logSpacedOnBudgetClock(MappingNode budget) {
        List<String> keys = budget.getValue().stream()
                .map(t -> ((ScalarNode) t.getKeyNode()).getValue())
                .toList();
        String clock = "iterations";
        for (String candidate : List.of("sample_forward_passes", "evaluations", "env_steps", "episodes")) {
            if (keys.contains(candidate)) {
                clock = candidate;
                break;
            }
        }
        return mapping(java.util.Arrays.asList(tuple("log_spaced", scalar("30")), tuple("clock", scalar(clock))));
    }

    private static void requireLabel(ConfigNode parent, String label) {
        if (!label.matches("[A-Za-z0-9._-]+")) {
            throw parent.error(label, "expected a label of letters, digits, '.', '_' or '-' (it names a folder)");
        }
    }

    private static List<Long> seeds(ConfigNode study) {
        Node raw = study.rawValue("seeds");
        List<Long> seeds = new ArrayList<>();
        if (raw instanceof ScalarNode) {
            long count = study.integer("seeds", 0, 1);
            for (long s = 1; s <= count; s++) {
                seeds.add(s);
            }
        } else if (raw != null) {
            seeds.addAll(study.integers("seeds", 0));
        } else {
            for (long s = 1; s <= 10; s++) {
                seeds.add(s);
            }
        }
        if (seeds.stream().distinct().count() != seeds.size()) {
            throw study.error("seeds", "seeds must be distinct, got " + seeds);
        }
        return seeds;
    }

    /** One point of an optimizer's grid: the section with one value per axis, and a folder-safe suffix. */
    private record Setting(MappingNode node, String suffix) {}

    /** Expands every list in the section (at any depth) into the cartesian product of settings. */
    private static List<Setting> grid(MappingNode section) {
        List<Setting> settings = new ArrayList<>();
        settings.add(new Setting(section, ""));
        for (int i = 0; i < section.getValue().size(); i++) {
            NodeTuple t = section.getValue().get(i);
            String key = ((ScalarNode) t.getKeyNode()).getValue();
            List<Setting> next = new ArrayList<>();
            for (Setting s : settings) {
                for (Map.Entry<Node, String> choice :
                        choices(t.getValueNode(), key).entrySet()) {
                    List<NodeTuple> values = new ArrayList<>(s.node().getValue());
                    values.set(i, new NodeTuple(t.getKeyNode(), choice.getKey()));
                    next.add(new Setting(mapping(values), s.suffix() + choice.getValue()));
                }
            }
            settings = next;
        }
        return settings;
    }

    /** The alternatives of one value: each item of a list of scalars, the grid of a mapping, or itself. */
    private static Map<Node, String> choices(Node value, String key) {
        Map<Node, String> out = new LinkedHashMap<>();
        if (value instanceof SequenceNode seq && seq.getValue().isEmpty()) {
            throw new ConfigException(
                    null,
                    value.getStartMark() == null ? 0 : value.getStartMark().getLine() + 1,
                    key,
                    "an empty list gives no setting (expected one or more values)");
        }
        if (value instanceof SequenceNode seq && seq.getValue().stream().allMatch(n -> n instanceof ScalarNode)) {
            for (Node item : seq.getValue()) {
                out.put(item, "_" + safe(key) + "-" + safe(((ScalarNode) item).getValue()));
            }
        } else if (value instanceof MappingNode map) {
            for (Setting s : grid(map)) {
                out.put(s.node(), s.suffix());
            }
        } else {
            out.put(value, "");
        }
        return out;
    }

    private static String safe(String text) {
        // Lossless enough to keep 1e-3, 1e3, -1 and 1 apart; anything else becomes '_'.
        return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._+-]", "_");
    }

    private static NodeTuple tuple(String key, Node value) {
        return new NodeTuple(scalar(key), value);
    }

    private static ScalarNode scalar(String text) {
        return new ScalarNode(Tag.STR, text, null, null, DumperOptions.ScalarStyle.PLAIN);
    }

    private static SequenceNode sequence(List<Node> items) {
        return new SequenceNode(Tag.SEQ, items, DumperOptions.FlowStyle.FLOW);
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
