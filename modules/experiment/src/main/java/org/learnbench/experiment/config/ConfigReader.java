package org.learnbench.experiment.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.learnbench.nn.Activation;
import org.learnbench.nn.Initializer;
import org.learnbench.nn.MlpSpec;
import org.learnbench.nn.Precision;
import org.learnbench.optim.Budget;
import org.learnbench.optim.CheckpointSchedule;
import org.learnbench.optim.Optimizer;
import org.learnbench.optim.Target;
import org.learnbench.tasks.blackbox.BlackBoxFunction;
import org.learnbench.tasks.control.ControlTask;
import org.learnbench.tasks.data.MissingPolicy;
import org.learnbench.tasks.data.SplitSpec;
import org.learnbench.tasks.data.TabularSpec;
import org.learnbench.tasks.data.TaskKind;

/**
 * Reads and validates an experiment config (YAML). Every value is checked where it is read, so a
 * mistake is reported with the file, line and key; keys nobody reads are rejected as unknown. The
 * format is documented in experiments/README.md.
 */
public final class ConfigReader {
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|min|h)");

    private ConfigReader() {}

    /** Reads, validates and resolves a config file. */
    public static ExperimentConfig read(Path file) {
        return read(file, ConfigNode.load(file));
    }

    /**
     * Reads an experiment from a mapping already parsed from {@code file} (a study builds one per run from
     * its own nodes, so errors still point at the study file's lines); paths resolve against the file's
     * folder.
     */
    public static ExperimentConfig read(Path file, ConfigNode root) {
        Map<String, Object> resolved = new LinkedHashMap<>();
        String fallbackName = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        String name = root.string("name", fallbackName);
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw root.error(
                    "name", "expected letters, digits, '.', '_' or '-' only (it names a folder), got '" + name + "'");
        }
        String description = root.string("description", "");
        resolved.put("name", name);
        resolved.put("description", description);

        Path folder = file.toAbsolutePath().getParent();
        Map<String, Object> taskResolved = new LinkedHashMap<>();
        TaskConfig task = task(root.map("task"), folder, taskResolved);
        resolved.put("task", taskResolved);

        MlpSpec network = null;
        if (!(task instanceof TaskConfig.BlackBox)) {
            Map<String, Object> networkResolved = new LinkedHashMap<>();
            network = network(root.map("network"), networkResolved);
            resolved.put("network", networkResolved);
        } else if (root.has("network")) {
            throw root.error(
                    "network",
                    "a " + task.type() + " task has no network (it optimises a point of the "
                            + "function directly); remove this section");
        }

        Map<String, Object> budgetResolved = new LinkedHashMap<>();
        Budget budget = budget(root.map("budget"), budgetResolved);
        resolved.put("budget", budgetResolved);

        Map<String, Object> optimizerResolved = new LinkedHashMap<>();
        Optimizer<?> optimizer = OptimizerReaders.read(root.map("optimizer"), task, budget, optimizerResolved);
        resolved.put("optimizer", optimizerResolved);

        Map<String, Object> checkpointsResolved = new LinkedHashMap<>();
        CheckpointSchedule schedule = checkpoints(root.optionalMap("checkpoints"), root, budget, checkpointsResolved);
        resolved.put("checkpoints", checkpointsResolved);

        List<Long> seeds = seeds(root);
        resolved.put("seeds", seeds);
        int threads = root.intValue("threads", Runtime.getRuntime().availableProcessors(), 1);
        root.finish();
        return new ExperimentConfig(
                file, name, description, task, network, optimizer, budget, schedule, seeds, threads, resolved);
    }

    private static final List<String> TASK_TYPES =
            List.of("csv", "cartpole", "acrobot", "mountaincar", "sphere", "rastrigin", "rosenbrock", "ackley");

    private static TaskConfig task(ConfigNode node, Path folder, Map<String, Object> out) {
        String type = node.choice("type", "csv", TASK_TYPES);
        if (List.of("cartpole", "acrobot", "mountaincar").contains(type)) {
            int episodes = node.intValue("evaluation_episodes", 100, 1);
            node.finish();
            out.put("type", type);
            out.put("evaluation_episodes", episodes);
            return new TaskConfig.Control(ControlTask.valueOf(type.toUpperCase(Locale.ROOT)), episodes);
        }
        if (!type.equals("csv")) {
            return blackBox(node, type, out);
        }
        String dataset = node.string("dataset");
        Path path = folder.resolve(dataset).normalize();
        if (!java.nio.file.Files.isRegularFile(path)) {
            throw node.error("dataset", "file not found: " + path);
        }
        String sha = node.string("sha256", "");
        if (!sha.isEmpty() && !sha.matches("[0-9a-fA-F]{64}")) {
            throw node.error("sha256", "expected 64 hexadecimal digits, got '" + sha + "'");
        }
        String target = node.string("target");
        TaskKind kind = TaskKind.valueOf(node.choice("kind", null, List.of("classification", "regression"))
                .toUpperCase(Locale.ROOT));
        List<String> features = node.strings("features");
        List<String> exclude = node.strings("exclude");
        List<String> categorical = node.strings("categorical");
        if (!features.isEmpty() && !exclude.isEmpty()) {
            throw node.error("exclude", "give either features or exclude, not both");
        }
        MissingPolicy missing = MissingPolicy.valueOf(
                node.choice("missing", "impute", List.of("impute", "drop")).toUpperCase(Locale.ROOT));
        boolean logTarget = node.bool("log_target", false);
        double wrongReward = node.number("bandit_wrong_reward", 0, v -> v <= 0, "a reward <= 0 (0 or -1, say)");
        double banditSigma = node.number("bandit_sigma", 0.5, v -> v > 0, "a positive standard deviation");
        if (logTarget && kind == TaskKind.CLASSIFICATION) {
            throw node.error("log_target", "applies to regression only");
        }
        ConfigNode splitNode = node.optionalMap("split");
        SplitSpec split;
        Map<String, Object> splitOut = new LinkedHashMap<>();
        if (splitNode == null) {
            split = new SplitSpec(0.7, 0.15, 0.15, kind == TaskKind.CLASSIFICATION);
        } else {
            double tr = splitNode.number("train", 0.7, v -> v > 0 && v <= 1, "a fraction in (0, 1]");
            double va = splitNode.number("validation", 0.15, v -> v >= 0 && v < 1, "a fraction in [0, 1)");
            double te = splitNode.number("test", 0.15, v -> v >= 0 && v < 1, "a fraction in [0, 1)");
            boolean stratify = splitNode.bool("stratify", kind == TaskKind.CLASSIFICATION);
            if (Math.abs(tr + va + te - 1) > 1e-9) {
                throw splitNode.error(
                        "train", "train + validation + test must be 1, got " + tr + " + " + va + " + " + te);
            }
            splitNode.finish();
            split = new SplitSpec(tr, va, te, stratify);
        }
        splitOut.put("train", split.train());
        splitOut.put("validation", split.validation());
        splitOut.put("test", split.test());
        splitOut.put("stratify", split.stratify());
        node.finish();
        TabularSpec spec = new TabularSpec(target, features, categorical, exclude, kind, missing, logTarget);
        out.put("type", type);
        out.put("dataset", dataset);
        out.put("sha256", sha.toLowerCase(Locale.ROOT));
        // The content's digest, whatever the config says: it identifies the data in the config hash,
        // so a moved file is the same experiment and a changed file is not.
        out.put("dataset_sha256", org.learnbench.tasks.data.CsvReader.sha256(path));
        out.put("target", target);
        out.put("kind", kind.name().toLowerCase(Locale.ROOT));
        out.put("features", features);
        out.put("exclude", exclude);
        out.put("categorical", categorical);
        out.put("missing", missing.name().toLowerCase(Locale.ROOT));
        out.put("log_target", logTarget);
        out.put("split", splitOut);
        out.put("bandit_wrong_reward", wrongReward);
        out.put("bandit_sigma", banditSigma);
        return new TaskConfig.Csv(path, sha.toLowerCase(Locale.ROOT), spec, split, wrongReward, banditSigma);
    }

    private static TaskConfig blackBox(ConfigNode node, String type, Map<String, Object> out) {
        BlackBoxFunction function = BlackBoxFunction.valueOf(type.toUpperCase(Locale.ROOT));
        if (!node.has("dimension")) {
            throw node.error("dimension", "missing (expected the number of variables of " + type + ")");
        }
        int dimension = node.intValue("dimension", 0, function.minimumDimension());
        double noise = node.number("noise", 0, v -> v >= 0, "a standard deviation >= 0");
        node.finish();
        out.put("type", type);
        out.put("dimension", dimension);
        out.put("noise", noise);
        return new TaskConfig.BlackBox(function, dimension, noise);
    }

    private static MlpSpec network(ConfigNode node, Map<String, Object> out) {
        List<Long> hidden = node.integers("hidden", 1);
        if (!node.has("hidden")) {
            throw node.error("hidden", "missing (expected a list of hidden layer sizes, e.g. [32], or [] for none)");
        }
        List<String> activations = List.of("relu", "tanh", "sigmoid", "identity");
        Activation activation = Activation.valueOf(
                node.choice("activation", "relu", activations).toUpperCase(Locale.ROOT));
        String init = node.choice(
                "init", "auto", List.of("auto", "xavier_uniform", "xavier_normal", "he_uniform", "he_normal"));
        Initializer initializer = init.equals("auto") ? null : Initializer.valueOf(init.toUpperCase(Locale.ROOT));
        double dropout = node.number("dropout", 0, v -> v >= 0 && v < 1, "a rate in [0, 1)");
        Precision precision =
                Precision.fromConfigName(node.choice("precision", "float64", List.of("float64", "float32")));
        node.finish();
        out.put("hidden", hidden);
        out.put("activation", activation.name().toLowerCase(Locale.ROOT));
        out.put(
                "init",
                initializer == null ? Initializer.defaultFor(activation).name().toLowerCase(Locale.ROOT) : init);
        out.put("dropout", dropout);
        if (precision != Precision.FLOAT64) {
            // Recorded only when it is not the default, so runs recorded before precision was a setting keep
            // their config hash (and stay verifiable and resumable).
            out.put("precision", precision.configName());
        }
        return new MlpSpec(hidden.stream().map(Long::intValue).toList(), activation, initializer, dropout, precision);
    }

    private static Budget budget(ConfigNode node, Map<String, Object> out) {
        if (node.has("epochs") && node.has("iterations")) {
            throw node.error("iterations", "give either epochs or iterations (they are the same clock), not both");
        }
        String iterationsKey = node.has("epochs") ? "epochs" : "iterations";
        long iterations = node.integer(iterationsKey, 0, 1);
        long sfp = node.integer("sample_forward_passes", 0, 1);
        long evaluations = node.integer("evaluations", 0, 1);
        long envSteps = node.integer("env_steps", 0, 1);
        long episodes = node.integer("episodes", 0, 1);
        Duration wall = node.has("wall_time") ? duration(node, "wall_time") : null;
        Optional<Target> target = Optional.empty();
        ConfigNode t = node.optionalMap("target");
        Map<String, Object> targetOut = null;
        if (t != null) {
            String metric = t.string("metric");
            double value = t.number("value", Double.NaN);
            if (!t.has("value")) {
                throw t.error("value", "missing (expected the target value of " + metric + ")");
            }
            if (metric.startsWith("test_")) {
                throw t.error(
                        "metric",
                        "a target on test data would let the test split decide when training stops; "
                                + "use a train_ or validation_ metric (test metrics are only reported)");
            }
            // Accuracy, R², returns and the solved flag grow; losses, errors and fitness (minimised) shrink.
            boolean higherByName = metric.endsWith("accuracy")
                    || metric.endsWith("r2")
                    || metric.contains("return")
                    || metric.equals("solved");
            boolean higher = t.bool("higher_is_better", higherByName);
            t.finish();
            target = Optional.of(new Target(metric, value, higher));
            targetOut = new LinkedHashMap<>();
            targetOut.put("metric", metric);
            targetOut.put("value", value);
            targetOut.put("higher_is_better", higher);
        }
        node.finish();
        if (iterations == 0 && sfp == 0 && evaluations == 0 && envSteps == 0 && episodes == 0 && wall == null) {
            throw node.error(
                    "epochs",
                    "the budget needs at least one limit: epochs (or iterations), "
                            + "sample_forward_passes, evaluations, env_steps, episodes or wall_time");
        }
        out.put("iterations", iterations == 0 ? null : iterations);
        out.put("sample_forward_passes", sfp == 0 ? null : sfp);
        out.put("evaluations", evaluations == 0 ? null : evaluations);
        out.put("env_steps", envSteps == 0 ? null : envSteps);
        out.put("episodes", episodes == 0 ? null : episodes);
        out.put("wall_time", wall == null ? null : wall.toMillis() + "ms");
        out.put("target", targetOut);
        return new Budget(iterations, sfp, evaluations, envSteps, episodes, wall, target);
    }

    private static Duration duration(ConfigNode node, String key) {
        String text = node.string(key).trim().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(text);
        if (!m.matches() || Double.parseDouble(m.group(1)) <= 0) {
            throw node.error(key, "expected a positive duration such as 90s, 10m or 2h, got '" + text + "'");
        }
        double amount = Double.parseDouble(m.group(1));
        double millis =
                switch (m.group(2)) {
                    case "ms" -> amount;
                    case "s" -> amount * 1e3;
                    case "m", "min" -> amount * 60e3;
                    default -> amount * 3600e3;
                };
        return Duration.ofMillis(Math.round(millis));
    }

    private static CheckpointSchedule checkpoints(
            ConfigNode node, ConfigNode root, Budget budget, Map<String, Object> out) {
        if (node == null) {
            out.put("every", 1L);
            return CheckpointSchedule.every(1);
        }
        if (node.has("every") && node.has("log_spaced")) {
            throw node.error("log_spaced", "give either every or log_spaced, not both");
        }
        CheckpointSchedule schedule;
        if (node.has("log_spaced")) {
            int points = node.intValue("log_spaced", 20, 1);
            String clock = node.choice(
                    "clock",
                    "iterations",
                    List.of("iterations", "sample_forward_passes", "evaluations", "env_steps", "episodes"));
            long horizon =
                    switch (clock) {
                        case "sample_forward_passes" -> budget.maxSampleForwardPasses();
                        case "evaluations" -> budget.maxEvaluations();
                        case "env_steps" -> budget.maxEnvSteps();
                        case "episodes" -> budget.maxEpisodes();
                        default -> budget.maxIterations();
                    };
            if (horizon == 0) {
                throw node.error(
                        "log_spaced",
                        "log-spaced checkpoints on " + clock + " need a budget on that clock " + "(budget."
                                + (clock.equals("iterations") ? "epochs or iterations" : clock) + ")");
            }
            out.put("log_spaced", points);
            out.put("clock", clock);
            schedule = switch (clock) {
                case "sample_forward_passes" -> CheckpointSchedule.logSpacedOn(
                        org.learnbench.optim.Clocks::sampleForwardPasses, points, horizon);
                case "evaluations" -> CheckpointSchedule.logSpacedOn(
                        org.learnbench.optim.Clocks::evaluations, points, horizon);
                case "env_steps" -> CheckpointSchedule.logSpacedOn(
                        org.learnbench.optim.Clocks::envSteps, points, horizon);
                case "episodes" -> CheckpointSchedule.logSpacedOn(
                        org.learnbench.optim.Clocks::episodes, points, horizon);
                default -> CheckpointSchedule.logSpaced(points, horizon);
            };
        } else {
            long every = node.integer("every", 1, 1);
            out.put("every", every);
            schedule = CheckpointSchedule.every(every);
        }
        node.finish();
        return schedule;
    }

    private static List<Long> seeds(ConfigNode root) {
        if (root.has("seed") && root.has("seeds")) {
            throw root.error("seeds", "give either seed or seeds, not both");
        }
        List<Long> seeds = new ArrayList<>(root.has("seed") ? root.integers("seed", 0) : root.integers("seeds", 0));
        if (seeds.isEmpty()) {
            seeds.add(1L);
        }
        if (seeds.stream().distinct().count() != seeds.size()) {
            throw root.error(root.has("seed") ? "seed" : "seeds", "seeds must be distinct, got " + seeds);
        }
        return seeds;
    }
}
