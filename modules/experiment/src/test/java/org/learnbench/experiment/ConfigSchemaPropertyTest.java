package org.learnbench.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnbench.experiment.config.ConfigException;
import org.learnbench.experiment.config.ConfigHash;
import org.learnbench.experiment.config.ConfigReader;
import org.learnbench.experiment.config.ExperimentConfig;
import org.learnbench.experiment.config.KeyReference;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Property tests of the configuration schema over a few hundred seeded, generated valid configs (every
 * optimizer type, update rule, schedule, genetic operator and task kind): reading a config and rebuilding
 * it from its resolved form gives an equal experiment with the same hash, and changing any one recorded
 * setting to another valid value changes the hash (format 1 missed policy gradient's momentum, so two
 * studies differing only in it shared a hash).
 */
class ConfigSchemaPropertyTest {
    private static final int CASES = 300;

    @TempDir
    Path tmp;

    @Test
    void everyGeneratedConfigRoundTripsThroughItsResolvedFormAndEverySettingMovesTheHash() throws IOException {
        SplittableRandom random = new SplittableRandom(20261204);
        Set<String> moved = new TreeSet<>();
        Map<String, Integer> types = new LinkedHashMap<>();
        for (int i = 0; i < CASES; i++) {
            Map<String, Object> yaml = Generator.config(random);
            Path file = tmp.resolve("case-" + i + ".yaml");
            Files.writeString(file, dump(yaml));
            ExperimentConfig config;
            try {
                config = ConfigReader.read(file);
            } catch (ConfigException e) {
                throw new AssertionError("a generated config was refused: " + e.getMessage() + "\n" + dump(yaml), e);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> optimizer = (Map<String, Object>) yaml.get("optimizer");
            types.merge(optimizer.get("type") + "/" + optimizer.getOrDefault("rule", "-"), 1, Integer::sum);
            Map<String, Object> resolved = config.resolved();
            ExperimentConfig again = ConfigReader.fromResolved(resolved, file, tmp.resolve("manifest.json"));
            assertEquals(config, again, "rebuilt from the resolved config:\n" + dump(yaml));
            assertEquals(ConfigHash.of(config), ConfigHash.of(again));
            assertEquals(resolved, again.resolved());
            String hash = ConfigHash.of(config);
            for (List<String> path : leaves(resolved, new ArrayList<>())) {
                String leaf = String.join(".", path);
                if (NOT_HASHED.contains(leaf)) {
                    continue;
                }
                Object value = get(resolved, path);
                for (Object other : Generator.alternatives(value, random)) {
                    Map<String, Object> changed = set(resolved, path, other);
                    ExperimentConfig mutated;
                    try {
                        mutated = ConfigReader.fromResolved(changed, file, tmp.resolve("manifest.json"));
                    } catch (ConfigException e) {
                        continue; // not a valid value here
                    }
                    assertNotEquals(
                            hash, ConfigHash.of(mutated), leaf + ": " + value + " -> " + other + " kept the hash");
                    moved.add(path.get(path.size() - 1));
                    break;
                }
            }
        }
        // Every recorded key of the schema was changed (validly) at least once somewhere.
        Set<String> declared = new TreeSet<>();
        for (String key : KeyReference.keys()) {
            if (!key.startsWith("study")) {
                declared.add(key.substring(key.lastIndexOf(": ") + 2));
            }
        }
        // The split's fractions must sum to 1, so no one of them can change alone.
        declared.removeAll(Set.of("train", "validation", "test"));
        // A conv layer's in_channels is a check: its one valid value is the incoming channel count.
        declared.remove("in_channels");
        declared.removeAll(Set.of(
                "name",
                "description",
                "seeds",
                "threads",
                "preset",
                "dataset",
                "sha256",
                "task",
                "network",
                "budget",
                "optimizer",
                "checkpoints",
                "split",
                "tokenizer",
                "vocabulary",
                "schedule",
                "early_stopping",
                "selection",
                "crossover",
                "mutation",
                "bounds",
                "steady_fitness",
                "target",
                "type",
                "rule"));
        Set<String> missed = new TreeSet<>(declared);
        missed.removeAll(moved);
        assertTrue(
                missed.isEmpty(), "settings never changed by the property test: " + missed + " (types " + types + ")");
        assertTrue(
                types.keySet()
                        .containsAll(List.of(
                                "backprop/sgd",
                                "backprop/adam",
                                "backprop/adamw",
                                "backprop/rmsprop",
                                "backprop/adagrad",
                                "policy_gradient/sgd",
                                "policy_gradient/adam",
                                "genetic/-",
                                "cmaes/-",
                                "random_search/-")),
                types.toString());
    }

    @Test
    void policyGradientMomentumIsRecordedAndChangesTheHash() throws IOException {
        String base =
                """
                task: {type: cartpole, evaluation_episodes: 2}
                network: {hidden: [8]}
                optimizer: {type: policy_gradient, rule: sgd, momentum: MOMENTUM}
                budget: {episodes: 10}
                """;
        Path a = CliHarness.config(tmp, "a.yaml", base.replace("MOMENTUM", "0.9"));
        Path b = CliHarness.config(tmp, "b.yaml", base.replace("MOMENTUM", "0.0"));
        ExperimentConfig x = ConfigReader.read(a);
        ExperimentConfig y = ConfigReader.read(b);
        @SuppressWarnings("unchecked")
        Map<String, Object> optimizer = (Map<String, Object>) x.resolved().get("optimizer");
        assertEquals(0.9, optimizer.get("momentum"));
        assertNotEquals(ConfigHash.of(x), ConfigHash.of(y));
    }

    /** Keys that do not identify a run's settings (its name, seeds, where the dataset lives). */
    private static final Set<String> NOT_HASHED = Set.of("name", "description", "seeds", "task.dataset", "task.sha256");

    private static String dump(Map<String, Object> tree) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(options).dump(tree);
    }

    @SuppressWarnings("unchecked")
    private static List<List<String>> leaves(Object tree, List<String> prefix) {
        List<List<String>> out = new ArrayList<>();
        if (tree instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                List<String> p = new ArrayList<>(prefix);
                p.add(String.valueOf(e.getKey()));
                if (e.getValue() instanceof Map<?, ?>) {
                    out.addAll(leaves(e.getValue(), p));
                } else if (e.getValue() instanceof List<?> list
                        && !list.isEmpty()
                        && list.stream().allMatch(item -> item instanceof Map<?, ?>)) {
                    // A list of mappings (a network's layers): the list itself, and each item's keys.
                    out.add(p);
                    for (int i = 0; i < list.size(); i++) {
                        List<String> item = new ArrayList<>(p);
                        item.add(Integer.toString(i));
                        out.addAll(leaves(list.get(i), item));
                    }
                } else if (e.getValue() != null) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    private static Object get(Map<String, Object> tree, List<String> path) {
        Object v = tree;
        for (String k : path) {
            v = v instanceof List<?> list ? list.get(Integer.parseInt(k)) : ((Map<?, ?>) v).get(k);
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> set(Map<String, Object> tree, List<String> path, Object value) {
        return (Map<String, Object>) setIn(tree, path, value);
    }

    /** A copy of a map or list tree with the value at {@code path} replaced (list items by index). */
    @SuppressWarnings("unchecked")
    private static Object setIn(Object tree, List<String> path, Object value) {
        if (tree instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list);
            int i = Integer.parseInt(path.get(0));
            copy.set(i, path.size() == 1 ? value : setIn(list.get(i), path.subList(1, path.size()), value));
            return copy;
        }
        Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) tree);
        copy.put(
                path.get(0),
                path.size() == 1 ? value : setIn(copy.get(path.get(0)), path.subList(1, path.size()), value));
        return copy;
    }

    /** Random valid configs, written as a user would write them (some keys given, others defaulted). */
    static final class Generator {
        private Generator() {}

        static Map<String, Object> config(SplittableRandom r) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("name", "case");
            int kind = r.nextInt(12);
            String type;
            Map<String, Object> task = new LinkedHashMap<>();
            if (kind < 5 && r.nextInt(4) == 0) {
                type = "text";
                text(r, task);
            } else if (kind < 5) {
                type = "csv";
                boolean digits = r.nextBoolean();
                task.put(
                        "dataset",
                        CliHarness.EXPERIMENTS
                                .resolve(digits ? "data/digits.csv" : "data/ames.csv")
                                .toString());
                task.put("target", digits ? "target" : "Sale_Price");
                task.put("kind", digits ? "classification" : "regression");
                if (!digits && r.nextBoolean()) {
                    task.put("log_target", true);
                }
                maybe(r, task, "missing", pick(r, "impute", "drop"));
                if (digits && r.nextBoolean()) {
                    task.put("image", List.of(1, 8, 8));
                }
                maybe(r, task, "scaling", pick(r, "standard", "min_max", "none"));
                maybe(r, task, "bandit_wrong_reward", -r.nextDouble());
                maybe(r, task, "bandit_sigma", 0.1 + r.nextDouble());
                if (r.nextBoolean()) {
                    double train = 0.5 + 0.3 * r.nextDouble();
                    double validation = Math.round((1 - train) / 2 * 1000) / 1000.0;
                    task.put(
                            "split",
                            Map.of(
                                    "train",
                                    train,
                                    "validation",
                                    validation,
                                    "test",
                                    1 - train - validation,
                                    "stratify",
                                    digits && r.nextBoolean()));
                }
            } else if (kind < 8) {
                type = pick(r, "cartpole", "acrobot", "mountaincar");
                task.put("type", type);
                maybe(r, task, "evaluation_episodes", 1 + r.nextInt(5));
            } else if (kind == 10) {
                type = "series";
                boolean eu = r.nextBoolean();
                task.put("type", type);
                task.put(
                        "dataset",
                        CliHarness.EXPERIMENTS
                                .resolve(eu ? "data/eustockmarkets.csv" : "data/sp500_returns_1990s.csv")
                                .toString());
                task.put("columns", eu ? List.of("DAX", "SMI") : List.of("return_pct"));
                if (eu) {
                    task.put("transform", "log_returns");
                }
                task.put("target", eu ? "SMI" : "return_pct");
                task.put("window", 2 + r.nextInt(8));
                maybe(r, task, "horizon", 1 + r.nextInt(3));
                maybe(r, task, "origin", pick(r, "expanding", "rolling"));
                task.put("folds", 3 + r.nextInt(3));
                task.put("fold", 2);
                maybe(r, task, "validation", 0.1 + 0.2 * r.nextDouble());
                maybe(r, task, "layout", pick(r, "flat", "sequence"));
                maybe(r, task, "bandit_sigma", 0.1 + r.nextDouble());
            } else if (kind == 11) {
                type = "trading";
                boolean eu = r.nextBoolean();
                task.put("type", type);
                task.put(
                        "dataset",
                        CliHarness.EXPERIMENTS
                                .resolve(eu ? "data/eustockmarkets.csv" : "data/sp500_returns_1990s.csv")
                                .toString());
                task.put("column", eu ? "DAX" : "return_pct");
                if (eu) {
                    task.put("transform", "log_returns");
                } else {
                    maybe(r, task, "percent", r.nextBoolean());
                }
                maybe(r, task, "window", 1 + r.nextInt(10));
                maybe(r, task, "cost", r.nextDouble() / 100);
                maybe(r, task, "episode_length", 10 + r.nextInt(200));
                maybe(r, task, "validation", 0.1 + 0.2 * r.nextDouble());
                maybe(r, task, "test", 0.1 + 0.2 * r.nextDouble());
                maybe(r, task, "evaluation_episodes", 1 + r.nextInt(5));
            } else {
                type = pick(r, "sphere", "rastrigin", "rosenbrock", "ackley");
                task.put("type", type);
                task.put("dimension", 2 + r.nextInt(8));
                maybe(r, task, "noise", r.nextDouble());
            }
            c.put("task", task);
            if (task.containsKey("image") && r.nextBoolean()) {
                c.put("network", stack(r));
            } else if ("sequence".equals(task.get("representation"))) {
                c.put("network", sequenceStack(r));
            } else if (!List.of("sphere", "rastrigin", "rosenbrock", "ackley").contains(type)) {
                Map<String, Object> network = new LinkedHashMap<>();
                List<Integer> hidden = new ArrayList<>();
                for (int i = r.nextInt(3); i > 0; i--) {
                    hidden.add(1 + r.nextInt(16));
                }
                network.put("hidden", hidden);
                maybe(r, network, "activation", pick(r, "relu", "tanh", "sigmoid", "identity"));
                maybe(
                        r,
                        network,
                        "init",
                        pick(r, "auto", "xavier_uniform", "xavier_normal", "he_uniform", "he_normal"));
                maybe(r, network, "dropout", 0.5 * r.nextDouble());
                maybe(r, network, "precision", pick(r, "float64", "float32"));
                c.put("network", network);
            }
            Map<String, Object> budget = new LinkedHashMap<>();
            budget.put("iterations", 1 + r.nextInt(100));
            maybe(r, budget, "sample_forward_passes", 1000 + r.nextInt(100000));
            maybe(r, budget, "evaluations", 100 + r.nextInt(10000));
            if ((kind >= 5 && kind < 8) || kind == 11) {
                maybe(r, budget, "env_steps", 100 + r.nextInt(10000));
                maybe(r, budget, "episodes", 10 + r.nextInt(100));
            }
            maybe(r, budget, "wall_time", (1 + r.nextInt(100)) + pick(r, "s", "m", "h"));
            if (kind < 5 && r.nextInt(4) == 0) {
                budget.put("target", Map.of("metric", "validation_loss", "value", r.nextDouble()));
            }
            c.put("budget", budget);
            c.put("optimizer", optimizer(r, type, kind));
            if (r.nextBoolean()) {
                c.put(
                        "checkpoints",
                        r.nextBoolean() ? Map.of("every", 1 + r.nextInt(5)) : Map.of("log_spaced", 2 + r.nextInt(20)));
            }
            c.put("seeds", List.of(1 + r.nextInt(5)));
            return c;
        }

        /** A text task on the shipped emails, with every key given or defaulted. */
        private static void text(SplittableRandom r, Map<String, Object> task) {
            task.put("type", "text");
            task.put(
                    "dataset",
                    CliHarness.EXPERIMENTS.resolve("data/spamassassin.csv.gz").toString());
            task.put("target", "label");
            maybe(r, task, "text", List.of("subject", "body"));
            Map<String, Object> tokenizer = new LinkedHashMap<>();
            maybe(r, tokenizer, "lowercase", r.nextBoolean());
            maybe(r, tokenizer, "char_ngrams", r.nextInt(4));
            maybe(r, task, "tokenizer", tokenizer);
            Map<String, Object> vocabulary = new LinkedHashMap<>();
            maybe(r, vocabulary, "max_size", 100 + r.nextInt(20000));
            maybe(r, vocabulary, "min_count", 1 + r.nextInt(5));
            maybe(r, task, "vocabulary", vocabulary);
            String representation = pick(r, "tfidf", "bag_of_words", "sequence");
            task.put("representation", representation);
            if (representation.equals("bag_of_words")) {
                maybe(r, task, "binary", r.nextBoolean());
            }
            maybe(r, task, "max_length", 1 + r.nextInt(300));
            maybe(r, task, "bandit_wrong_reward", -r.nextDouble());
        }

        /**
         * An embedding, maybe dropout on its sequence, a recurrent layer and maybe dropout on its state, with every
         * key given or defaulted.
         */
        private static Map<String, Object> sequenceStack(SplittableRandom r) {
            List<Object> layers = new ArrayList<>();
            Map<String, Object> embedding = new LinkedHashMap<>();
            embedding.put("type", "embedding");
            embedding.put("dimension", 1 + r.nextInt(16));
            maybe(r, embedding, "masked", r.nextBoolean());
            layers.add(embedding);
            if (r.nextBoolean()) {
                layers.add(Map.of("type", "dropout", "rate", 0.5 * r.nextDouble()));
            }
            Map<String, Object> recurrent = new LinkedHashMap<>();
            recurrent.put("type", pick(r, "rnn", "gru", "lstm"));
            recurrent.put("hidden", 1 + r.nextInt(16));
            maybe(r, recurrent, "output", pick(r, "last", "mean", "max"));
            maybe(r, recurrent, "window", r.nextInt(10));
            layers.add(recurrent);
            if (r.nextBoolean()) {
                layers.add(Map.of("type", "dropout", "rate", 0.5 * r.nextDouble()));
            }
            Map<String, Object> network = new LinkedHashMap<>();
            network.put("layers", layers);
            maybe(r, network, "precision", pick(r, "float64", "float32"));
            return network;
        }

        /** A small conv stack for 1x8x8 images, with every layer type's keys given or defaulted. */
        private static Map<String, Object> stack(SplittableRandom r) {
            List<Object> layers = new ArrayList<>();
            Map<String, Object> conv = new LinkedHashMap<>();
            conv.put("type", "conv");
            conv.put("filters", 1 + r.nextInt(4));
            conv.put("kernel", 3);
            conv.put("padding", 1);
            maybe(r, conv, "stride", 1);
            maybe(r, conv, "in_channels", 1);
            layers.add(conv);
            layers.add(pick(r, "relu", "tanh", "sigmoid"));
            Map<String, Object> pool = new LinkedHashMap<>();
            pool.put("type", pick(r, "max_pool", "avg_pool"));
            pool.put("kernel", 2);
            maybe(r, pool, "stride", 2);
            layers.add(pool);
            layers.add("flatten");
            if (r.nextBoolean()) {
                layers.add(Map.of("type", "dense", "units", 1 + r.nextInt(16)));
                layers.add("relu");
                layers.add(Map.of("type", "dropout", "rate", 0.5 * r.nextDouble()));
            }
            Map<String, Object> network = new LinkedHashMap<>();
            network.put("layers", layers);
            maybe(r, network, "init", pick(r, "auto", "xavier_uniform", "he_normal"));
            maybe(r, network, "precision", pick(r, "float64", "float32"));
            return network;
        }

        private static Map<String, Object> optimizer(SplittableRandom r, String task, int kind) {
            Map<String, Object> o = new LinkedHashMap<>();
            boolean csv = kind < 5 || kind == 10;
            boolean control = (kind >= 5 && kind < 8) || kind == 11;
            List<String> types = new ArrayList<>(List.of("genetic", "cmaes", "random_search"));
            if (csv) {
                types.add("backprop");
                types.add("backprop");
            }
            if (csv || control) {
                types.add("policy_gradient");
                types.add("policy_gradient");
            }
            String type = types.get(r.nextInt(types.size()));
            o.put("type", type);
            switch (type) {
                case "backprop" -> {
                    rule(r, o, pick(r, "sgd", "adam", "adamw", "rmsprop", "adagrad"));
                    maybe(r, o, "learning_rate", 1e-4 + r.nextDouble() / 10);
                    maybe(r, o, "batch_size", r.nextBoolean() ? "full" : 1 + r.nextInt(64));
                    maybe(r, o, "weight_decay", r.nextDouble() / 100);
                    maybe(r, o, "decoupled_weight_decay", r.nextDouble() / 100);
                    maybe(r, o, "clip_norm", r.nextDouble());
                    String schedule = pick(r, "constant", "step", "exponential", "cosine");
                    Map<String, Object> s = new LinkedHashMap<>();
                    s.put("type", schedule);
                    switch (schedule) {
                        case "step" -> {
                            maybe(r, s, "step_size", 1 + r.nextInt(20));
                            maybe(r, s, "gamma", 0.1 + 0.9 * r.nextDouble());
                        }
                        case "exponential" -> maybe(r, s, "gamma", 0.5 + 0.5 * r.nextDouble());
                        case "cosine" -> {
                            maybe(r, s, "period", 1 + r.nextInt(50));
                            maybe(r, s, "min_lr", r.nextDouble() / 1000);
                        }
                        default -> {}
                    }
                    maybe(r, o, "schedule", s);
                    if (r.nextInt(3) == 0) {
                        Map<String, Object> e = new LinkedHashMap<>();
                        maybe(r, e, "patience", 1 + r.nextInt(20));
                        maybe(r, e, "min_delta", r.nextDouble() / 100);
                        maybe(r, e, "restore_best", r.nextBoolean());
                        o.put("early_stopping", e);
                    }
                }
                case "policy_gradient" -> {
                    rule(r, o, pick(r, "sgd", "adam", "rmsprop", "adagrad"));
                    maybe(r, o, "learning_rate", 1e-4 + r.nextDouble() / 10);
                    maybe(r, o, "episodes_per_update", 1 + r.nextInt(64));
                    maybe(r, o, "gamma", 0.5 + 0.5 * r.nextDouble());
                    maybe(
                            r,
                            o,
                            "baseline",
                            control
                                    ? pick(r, "none", "running_mean", "normalize", "value")
                                    : pick(r, "none", "running_mean", "normalize"));
                    maybe(r, o, "baseline_decay", 0.99 * r.nextDouble());
                    maybe(r, o, "value_learning_rate", 1e-4 + r.nextDouble() / 10);
                    maybe(r, o, "entropy_bonus", r.nextDouble() / 10);
                    maybe(r, o, "clip_norm", r.nextDouble());
                }
                case "genetic" -> {
                    maybe(r, o, "preset", pick(r, "jenetics", "deep_ga"));
                    int population = 20 + r.nextInt(40);
                    o.put("population", population);
                    int elites = r.nextInt(4);
                    o.put("elites", elites);
                    String selection = pick(r, "tournament", "truncation", "roulette", "sus", "linear_rank");
                    Map<String, Object> s = new LinkedHashMap<>();
                    s.put("type", selection);
                    switch (selection) {
                        case "tournament" -> maybe(r, s, "size", 1 + r.nextInt(10));
                        case "truncation" -> maybe(r, s, "top", 1 + r.nextInt(20));
                        case "linear_rank" -> maybe(r, s, "pressure", 1 + r.nextDouble());
                        default -> {}
                    }
                    maybe(r, o, "selection", s);
                    String crossover = pick(r, "none", "uniform", "one_point", "multi_point", "arithmetic", "blend");
                    Map<String, Object> x = new LinkedHashMap<>();
                    x.put("type", crossover);
                    if (!crossover.equals("none")) {
                        maybe(r, x, "probability", r.nextDouble());
                    }
                    if (crossover.equals("multi_point")) {
                        maybe(r, x, "points", 2 + r.nextInt(4));
                    }
                    if (crossover.equals("blend")) {
                        maybe(r, x, "alpha", r.nextDouble());
                    }
                    maybe(r, o, "crossover", x);
                    Map<String, Object> m = new LinkedHashMap<>();
                    double sigma = 0.01 + r.nextDouble();
                    m.put("sigma", sigma);
                    maybe(r, m, "probability", r.nextDouble());
                    String schedule = pick(r, "constant", "decay", "self_adaptive");
                    m.put("schedule", schedule);
                    maybe(r, m, "decay", 0.5 + 0.5 * r.nextDouble());
                    maybe(r, m, "min_sigma", sigma * r.nextDouble());
                    maybe(r, m, "tau", r.nextDouble());
                    maybe(r, o, "mutation", m);
                    if (r.nextInt(3) == 0) {
                        o.put("bounds", Map.of("min", -1 - r.nextDouble(), "max", 1 + r.nextDouble()));
                    }
                    maybe(r, o, "init_noise", r.nextDouble());
                    if (csv) {
                        maybe(r, o, "fitness_batch", r.nextBoolean() ? "full" : 1 + r.nextInt(256));
                    }
                    maybe(r, o, "evaluations_per_candidate", 1 + r.nextInt(3));
                    maybe(r, o, "elite_candidates", elites + r.nextInt(3));
                    maybe(r, o, "elite_reevaluations", r.nextInt(3));
                    if (r.nextInt(3) == 0) {
                        Map<String, Object> st = new LinkedHashMap<>();
                        maybe(r, st, "generations", 1 + r.nextInt(50));
                        maybe(r, st, "tolerance", r.nextDouble() / 10);
                        o.put("steady_fitness", st);
                    }
                }
                case "cmaes" -> {
                    maybe(r, o, "population", r.nextBoolean() ? 0 : 2 + r.nextInt(20));
                    maybe(r, o, "sigma", 0.01 + r.nextDouble());
                    maybe(r, o, "diagonal", r.nextBoolean());
                    maybe(r, o, "active", r.nextBoolean());
                    if (csv) {
                        maybe(r, o, "fitness_batch", 1 + r.nextInt(256));
                    }
                }
                default -> {
                    maybe(r, o, "samples", 1 + r.nextInt(200));
                    if (csv) {
                        maybe(r, o, "fitness_batch", 1 + r.nextInt(256));
                    }
                }
            }
            return o;
        }

        private static void rule(SplittableRandom r, Map<String, Object> o, String rule) {
            o.put("rule", rule);
            switch (rule) {
                case "sgd" -> {
                    double momentum = r.nextBoolean() ? 0.0 : 0.99 * r.nextDouble();
                    o.put("momentum", momentum);
                    if (momentum > 0 && r.nextBoolean()) {
                        o.put("nesterov", true);
                    } else {
                        maybe(r, o, "dampening", r.nextDouble());
                    }
                }
                case "adam", "adamw" -> {
                    maybe(r, o, "beta1", 0.99 * r.nextDouble());
                    maybe(r, o, "beta2", 0.999 * r.nextDouble());
                    maybe(r, o, "eps", 1e-10 + r.nextDouble() / 1e6);
                }
                case "rmsprop" -> {
                    maybe(r, o, "alpha", 0.99 * r.nextDouble());
                    maybe(r, o, "eps", 1e-10 + r.nextDouble() / 1e6);
                }
                default -> maybe(r, o, "eps", 1e-12 + r.nextDouble() / 1e6);
            }
        }

        private static void maybe(SplittableRandom r, Map<String, Object> map, String key, Object value) {
            if (r.nextBoolean()) {
                map.put(key, value);
            }
        }

        private static String pick(SplittableRandom r, String... choices) {
            return choices[r.nextInt(choices.length)];
        }

        /** Other values to try in place of a recorded one (some may be invalid where they land). */
        static List<Object> alternatives(Object value, SplittableRandom r) {
            List<Object> out = new ArrayList<>();
            if (value instanceof Boolean b) {
                out.add(!b);
            } else if (value instanceof Double d) {
                for (double c : new double[] {d * 0.5, d * 1.5, d + 0.25, d - 0.25, 0.5, 0.25, 0.75, 1.0, 0.0, 1e-3}) {
                    if (c != d) {
                        out.add(c);
                    }
                }
            } else if (value instanceof Number n) {
                long v = n.longValue();
                for (long c : new long[] {v + 1, v - 1, v * 2, 1, 2, 0}) {
                    if (c != v) {
                        out.add(c);
                    }
                }
            } else if (value instanceof List<?> list) {
                if (list.size() == 3 && list.stream().allMatch(n -> n instanceof Number)) {
                    out.add(List.of(1, 4, 16)); // another image shape of as many pixels
                }
                List<Object> longer = new ArrayList<>(list);
                longer.add(list.isEmpty() ? 3 : list.get(0));
                out.add(longer);
                if (!list.isEmpty()) {
                    out.add(list.subList(1, list.size()));
                }
            } else if (value instanceof String s) {
                for (String c : List.of(
                        "log_returns",
                        "rolling",
                        "expanding",
                        "sequence",
                        "flat",
                        "SMI",
                        "full",
                        "1",
                        "8",
                        "relu",
                        "tanh",
                        "sigmoid",
                        "identity",
                        "xavier_uniform",
                        "xavier_normal",
                        "he_uniform",
                        "he_normal",
                        "float32",
                        "float64",
                        "impute",
                        "drop",
                        "standard",
                        "min_max",
                        "classification",
                        "regression",
                        "none",
                        "running_mean",
                        "normalize",
                        "value",
                        "constant",
                        "decay",
                        "self_adaptive",
                        "iterations",
                        "sample_forward_passes",
                        "evaluations",
                        "env_steps",
                        "episodes",
                        "2000ms",
                        "validation_accuracy",
                        "train_loss",
                        "tournament",
                        "truncation",
                        "roulette",
                        "sus",
                        "linear_rank",
                        "uniform",
                        "one_point",
                        "multi_point",
                        "arithmetic",
                        "blend",
                        "tfidf",
                        "bag_of_words",
                        "last",
                        "mean",
                        "sgd",
                        "adam",
                        "adamw",
                        "rmsprop",
                        "adagrad",
                        "step",
                        "exponential",
                        "cosine")) {
                    if (!c.equals(s)) {
                        out.add(c);
                    }
                }
            }
            return out;
        }
    }
}
