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
import org.learnbench.optim.Budget;
import org.learnbench.optim.CheckpointSchedule;
import org.learnbench.optim.Optimizer;
import org.learnbench.optim.Target;
import org.learnbench.optim.gd.Adagrad;
import org.learnbench.optim.gd.Adam;
import org.learnbench.optim.gd.EarlyStopping;
import org.learnbench.optim.gd.GradientDescent;
import org.learnbench.optim.gd.LearningRateSchedule;
import org.learnbench.optim.gd.RmsProp;
import org.learnbench.optim.gd.Sgd;
import org.learnbench.optim.gd.UpdateRule;
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
        ConfigNode root = ConfigNode.load(file);
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

        Map<String, Object> networkResolved = new LinkedHashMap<>();
        MlpSpec network = network(root.map("network"), networkResolved);
        resolved.put("network", networkResolved);

        Map<String, Object> budgetResolved = new LinkedHashMap<>();
        Budget budget = budget(root.map("budget"), budgetResolved);
        resolved.put("budget", budgetResolved);

        Map<String, Object> optimizerResolved = new LinkedHashMap<>();
        Optimizer<?> optimizer = optimizer(root.map("optimizer"), budget, optimizerResolved);
        resolved.put("optimizer", optimizerResolved);

        Map<String, Object> checkpointsResolved = new LinkedHashMap<>();
        CheckpointSchedule schedule = checkpoints(root.optionalMap("checkpoints"), root, budget, checkpointsResolved);
        resolved.put("checkpoints", checkpointsResolved);

        List<Long> seeds = seeds(root);
        resolved.put("seeds", seeds);
        int threads = (int) root.integer("threads", Runtime.getRuntime().availableProcessors(), 1);
        root.finish();
        return new ExperimentConfig(
                file, name, description, task, network, optimizer, budget, schedule, seeds, threads, resolved);
    }

    private static TaskConfig task(ConfigNode node, Path folder, Map<String, Object> out) {
        String type = node.choice("type", "csv", List.of("csv"));
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
        out.put("target", target);
        out.put("kind", kind.name().toLowerCase(Locale.ROOT));
        out.put("features", features);
        out.put("exclude", exclude);
        out.put("categorical", categorical);
        out.put("missing", missing.name().toLowerCase(Locale.ROOT));
        out.put("log_target", logTarget);
        out.put("split", splitOut);
        return new TaskConfig(path, sha.toLowerCase(Locale.ROOT), spec, split);
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
        node.finish();
        out.put("hidden", hidden);
        out.put("activation", activation.name().toLowerCase(Locale.ROOT));
        out.put(
                "init",
                initializer == null ? Initializer.defaultFor(activation).name().toLowerCase(Locale.ROOT) : init);
        out.put("dropout", dropout);
        return new MlpSpec(hidden.stream().map(Long::intValue).toList(), activation, initializer, dropout);
    }

    private static Budget budget(ConfigNode node, Map<String, Object> out) {
        if (node.has("epochs") && node.has("iterations")) {
            throw node.error("iterations", "give either epochs or iterations (they are the same clock), not both");
        }
        String iterationsKey = node.has("epochs") ? "epochs" : "iterations";
        long iterations = node.integer(iterationsKey, 0, 1);
        long sfp = node.integer("sample_forward_passes", 0, 1);
        long evaluations = node.integer("evaluations", 0, 1);
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
            boolean lowerIsBetter = metric.endsWith("loss") || metric.endsWith("rmse") || metric.endsWith("mae");
            boolean higher = t.bool("higher_is_better", !lowerIsBetter);
            t.finish();
            target = Optional.of(new Target(metric, value, higher));
            targetOut = new LinkedHashMap<>();
            targetOut.put("metric", metric);
            targetOut.put("value", value);
            targetOut.put("higher_is_better", higher);
        }
        node.finish();
        if (iterations == 0 && sfp == 0 && evaluations == 0 && wall == null) {
            throw node.error(
                    "epochs",
                    "the budget needs at least one limit: epochs (or iterations), "
                            + "sample_forward_passes, evaluations or wall_time");
        }
        out.put("iterations", iterations);
        out.put("sample_forward_passes", sfp);
        out.put("evaluations", evaluations);
        out.put("wall_time", wall == null ? null : wall.toString());
        out.put("target", targetOut);
        return new Budget(iterations, sfp, evaluations, wall, target);
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

    private static Optimizer<?> optimizer(ConfigNode node, Budget budget, Map<String, Object> out) {
        String type = node.string("type");
        if (!type.equals("backprop")) {
            throw node.error("type", "unknown optimizer '" + type + "' (available: backprop)");
        }
        out.put("type", type);
        return backprop(node, budget, out);
    }

    private static GradientDescent backprop(ConfigNode node, Budget budget, Map<String, Object> out) {
        String ruleName = node.choice("rule", "adam", List.of("sgd", "adam", "adamw", "rmsprop", "adagrad"));
        UpdateRule rule;
        Map<String, Object> ruleOut = new LinkedHashMap<>();
        switch (ruleName) {
            case "sgd" -> {
                double momentum = node.number("momentum", 0, v -> v >= 0 && v < 1, "a momentum in [0, 1)");
                double dampening = node.number("dampening", 0, v -> v >= 0 && v <= 1, "a dampening in [0, 1]");
                boolean nesterov = node.bool("nesterov", false);
                if (nesterov && (momentum == 0 || dampening != 0)) {
                    throw node.error("nesterov", "Nesterov momentum needs momentum > 0 and dampening 0");
                }
                rule = new Sgd(momentum, dampening, nesterov);
                ruleOut.put("momentum", momentum);
                ruleOut.put("dampening", dampening);
                ruleOut.put("nesterov", nesterov);
            }
            case "adam", "adamw" -> {
                double b1 = node.number("beta1", 0.9, v -> v >= 0 && v < 1, "a beta in [0, 1)");
                double b2 = node.number("beta2", 0.999, v -> v >= 0 && v < 1, "a beta in [0, 1)");
                double eps = node.number("eps", 1e-8, v -> v > 0, "a positive number");
                rule = new Adam(b1, b2, eps);
                ruleOut.put("beta1", b1);
                ruleOut.put("beta2", b2);
                ruleOut.put("eps", eps);
            }
            case "rmsprop" -> {
                double alpha = node.number("alpha", 0.99, v -> v >= 0 && v < 1, "an alpha in [0, 1)");
                double eps = node.number("eps", 1e-8, v -> v > 0, "a positive number");
                rule = new RmsProp(alpha, eps);
                ruleOut.put("alpha", alpha);
                ruleOut.put("eps", eps);
            }
            default -> {
                double eps = node.number("eps", 1e-10, v -> v > 0, "a positive number");
                rule = new Adagrad(eps);
                ruleOut.put("eps", eps);
            }
        }
        double lr = node.number("learning_rate", rule.defaultLearningRate(), v -> v > 0, "a positive number");
        int batch;
        if (node.has("batch_size") && node.string("batch_size").equalsIgnoreCase("full")) {
            batch = 0;
        } else {
            batch = (int) node.integer("batch_size", 32, 1);
        }
        double weightDecay = node.number("weight_decay", 0, v -> v >= 0, "a number >= 0");
        double decoupled = node.number(
                "decoupled_weight_decay", ruleName.equals("adamw") ? 0.01 : 0, v -> v >= 0, "a number >= 0");
        double clip = node.number("clip_norm", 0, v -> v >= 0, "a number >= 0 (0 = no clipping)");
        Map<String, Object> scheduleOut = new LinkedHashMap<>();
        LearningRateSchedule schedule = schedule(node.optionalMap("schedule"), budget, scheduleOut);
        Optional<EarlyStopping> early = Optional.empty();
        Map<String, Object> earlyOut = null;
        ConfigNode e = node.optionalMap("early_stopping");
        if (e != null) {
            int patience = (int) e.integer("patience", 10, 1);
            double minDelta = e.number("min_delta", 0, v -> v >= 0, "a number >= 0");
            boolean restore = e.bool("restore_best", true);
            e.finish();
            early = Optional.of(new EarlyStopping(patience, minDelta, restore));
            earlyOut = new LinkedHashMap<>();
            earlyOut.put("patience", patience);
            earlyOut.put("min_delta", minDelta);
            earlyOut.put("restore_best", restore);
        }
        node.finish();
        out.put("rule", ruleName);
        out.putAll(ruleOut);
        out.put("learning_rate", lr);
        out.put("batch_size", batch == 0 ? "full" : batch);
        out.put("weight_decay", weightDecay);
        out.put("decoupled_weight_decay", decoupled);
        out.put("clip_norm", clip);
        out.put("schedule", scheduleOut);
        out.put("early_stopping", earlyOut);
        return new GradientDescent(rule, lr, batch, weightDecay, decoupled, schedule, clip, early);
    }

    private static LearningRateSchedule schedule(ConfigNode node, Budget budget, Map<String, Object> out) {
        if (node == null) {
            out.put("type", "constant");
            return new LearningRateSchedule.Constant();
        }
        String type = node.choice("type", "constant", List.of("constant", "step", "exponential", "cosine"));
        out.put("type", type);
        LearningRateSchedule schedule;
        switch (type) {
            case "step" -> {
                int size = (int) node.integer("step_size", 10, 1);
                double gamma = node.number("gamma", 0.1, v -> v > 0 && v <= 1, "a factor in (0, 1]");
                out.put("step_size", size);
                out.put("gamma", gamma);
                schedule = new LearningRateSchedule.Step(size, gamma);
            }
            case "exponential" -> {
                double gamma = node.number("gamma", 0.95, v -> v > 0 && v <= 1, "a factor in (0, 1]");
                out.put("gamma", gamma);
                schedule = new LearningRateSchedule.Exponential(gamma);
            }
            case "cosine" -> {
                long fallback = budget.maxIterations();
                if (!node.has("period") && fallback == 0) {
                    throw node.error(
                            "period",
                            "missing (expected the number of epochs to anneal over; "
                                    + "it defaults to the epoch budget, and this budget has none)");
                }
                long period = node.integer("period", fallback, 1);
                double min = node.number("min_lr", 0, v -> v >= 0, "a number >= 0");
                out.put("period", period);
                out.put("min_lr", min);
                schedule = new LearningRateSchedule.Cosine(period, min);
            }
            default -> schedule = new LearningRateSchedule.Constant();
        }
        node.finish();
        return schedule;
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
            int points = (int) node.integer("log_spaced", 20, 1);
            if (budget.maxIterations() == 0) {
                throw node.error("log_spaced", "log-spaced checkpoints need an epoch (iteration) budget");
            }
            out.put("log_spaced", points);
            schedule = CheckpointSchedule.logSpaced(points, budget.maxIterations());
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
