package org.learnbench.experiment.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.learnbench.optim.Budget;
import org.learnbench.optim.Optimizer;
import org.learnbench.optim.cmaes.CmaEs;
import org.learnbench.optim.ga.Bounds;
import org.learnbench.optim.ga.Crossover;
import org.learnbench.optim.ga.GeneticAlgorithm;
import org.learnbench.optim.ga.Mutation;
import org.learnbench.optim.ga.RandomSearch;
import org.learnbench.optim.ga.Selection;
import org.learnbench.optim.gd.EarlyStopping;
import org.learnbench.optim.gd.GradientDescent;
import org.learnbench.optim.pg.PolicyGradient;
import org.learnbench.optim.rules.Adagrad;
import org.learnbench.optim.rules.Adam;
import org.learnbench.optim.rules.LearningRateSchedule;
import org.learnbench.optim.rules.RmsProp;
import org.learnbench.optim.rules.Sgd;
import org.learnbench.optim.rules.UpdateRule;

/**
 * Reads the {@code optimizer} section of a config: backprop, genetic or cmaes, each with its own keys
 * and defaults, and checks that the optimizer can work on the task and within the budget's clocks.
 */
final class OptimizerReaders {
    private static final List<String> TYPES =
            List.of("backprop", "genetic", "cmaes", "policy_gradient", "random_search");

    private OptimizerReaders() {}

    static Optimizer<?> read(ConfigNode node, TaskConfig task, Budget budget, Map<String, Object> out) {
        Optimizer<?> optimizer = readType(node, task, budget, out);
        boolean countsSamples = !(task instanceof TaskConfig.BlackBox);
        if (!countsSamples
                && budget.maxIterations() == 0
                && budget.maxEvaluations() == 0
                && budget.maxEnvSteps() == 0
                && budget.maxEpisodes() == 0
                && budget.maxWallTime() == null) {
            throw node.error(
                    "type",
                    "a " + task.type() + " task passes no samples forward, so a budget of "
                            + "sample_forward_passes alone would never end; give budget.iterations, evaluations or wall_time");
        }
        return optimizer;
    }

    private static Optimizer<?> readType(ConfigNode node, TaskConfig task, Budget budget, Map<String, Object> out) {
        String type = node.choice("type", null, TYPES);
        if (type == null) {
            throw node.error("type", "missing (expected one of " + String.join(", ", TYPES) + ")");
        }
        out.put("type", type);
        return switch (type) {
            case "backprop" -> {
                if (task instanceof TaskConfig.Control) {
                    throw node.error(
                            "type",
                            "backprop needs labels, and a " + task.type() + " task has none (only "
                                    + "rewards); use policy_gradient, genetic or cmaes");
                }
                if (!(task instanceof TaskConfig.Csv)) {
                    throw node.error(
                            "type",
                            "backprop needs labelled data to differentiate, and a " + task.type()
                                    + " task is a black-box function; use genetic or cmaes");
                }
                if (budget.maxIterations() == 0
                        && budget.maxSampleForwardPasses() == 0
                        && budget.maxWallTime() == null) {
                    throw node.error(
                            "type",
                            "backprop does no fitness evaluations, so an evaluations-only budget would "
                                    + "never end; give budget.epochs, sample_forward_passes or wall_time");
                }
                yield backprop(node, (TaskConfig.Csv) task, budget, out);
            }
            case "genetic" -> genetic(node, task, out);
            case "policy_gradient" -> policyGradient(node, task, out);
            case "random_search" -> randomSearch(node, task, out);
            default -> cmaes(node, task, out);
        };
    }

    /** fitness_batch: "full" (0) or a positive number of samples; only meaningful for supervised tasks. */
    private static int fitnessBatch(ConfigNode node, TaskConfig task, Map<String, Object> out) {
        if (!node.has("fitness_batch")) {
            node.integer("fitness_batch", 0);
            out.put("fitness_batch", task instanceof TaskConfig.Csv ? "full" : null);
            return 0;
        }
        if (!(task instanceof TaskConfig.Csv)) {
            throw node.error("fitness_batch", "applies to supervised (csv) tasks only");
        }
        if (node.string("fitness_batch").equalsIgnoreCase("full")) {
            out.put("fitness_batch", "full");
            return 0;
        }
        int batch = node.intValue("fitness_batch", 0, 1);
        out.put("fitness_batch", batch);
        return batch;
    }

    private static GeneticAlgorithm genetic(ConfigNode node, TaskConfig task, Map<String, Object> out) {
        String preset = node.choice("preset", "jenetics", List.of("jenetics", "deep_ga"));
        boolean deep = preset.equals("deep_ga");
        out.put("preset", preset);
        int population = node.intValue("population", deep ? 100 : 50, 2);
        int elites = node.intValue("elites", 1, 0);
        if (elites >= population) {
            throw node.error("elites", "expected fewer elites than the population (" + population + "), got " + elites);
        }
        Map<String, Object> selectionOut = new LinkedHashMap<>();
        Selection selection = selection(node, population, deep, selectionOut);
        Map<String, Object> crossoverOut = new LinkedHashMap<>();
        ConfigNode cx = node.optionalMap("crossover");
        Crossover crossover;
        double crossoverProbability;
        String cxType = cx == null
                ? (deep ? "none" : "one_point")
                : cx.choice(
                        "type",
                        deep ? "none" : "one_point",
                        List.of("none", "uniform", "one_point", "multi_point", "arithmetic", "blend"));
        crossover = switch (cxType) {
            case "none" -> new Crossover.None();
            case "uniform" -> new Crossover.Uniform();
            case "one_point" -> new Crossover.MultiPoint(1);
            case "multi_point" -> {
                int points = cx == null ? 2 : cx.intValue("points", 2, 1);
                crossoverOut.put("points", points);
                yield new Crossover.MultiPoint(points);
            }
            case "arithmetic" -> new Crossover.Arithmetic();
            default -> {
                double alpha = cx == null ? 0.5 : cx.number("alpha", 0.5, v -> v >= 0, "a number >= 0");
                crossoverOut.put("alpha", alpha);
                yield new Crossover.Blend(alpha);
            }
        };
        double defaultProbability = cxType.equals("none") ? 0 : (deep ? 0.5 : 0.2);
        crossoverProbability = cx == null
                ? defaultProbability
                : cx.number("probability", defaultProbability, v -> v >= 0 && v <= 1, "a probability in [0, 1]");
        if (cx != null) {
            cx.finish();
        }
        crossoverOut.put("type", cxType);
        crossoverOut.put("probability", crossoverProbability);

        Map<String, Object> mutationOut = new LinkedHashMap<>();
        ConfigNode m = node.optionalMap("mutation");
        double sigma = deep ? 0.02 : 0.1;
        double probability = deep ? 1.0 : 0.15;
        String schedule = "constant";
        double decay = 1;
        double minSigma = 0;
        double tau = 0;
        if (m != null) {
            sigma = m.number("sigma", sigma, v -> v > 0, "a positive number");
            probability = m.number("probability", probability, v -> v >= 0 && v <= 1, "a probability in [0, 1]");
            schedule = m.choice("schedule", schedule, List.of("constant", "decay", "self_adaptive"));
            decay = m.number("decay", schedule.equals("decay") ? 0.99 : 1, v -> v > 0 && v <= 1, "a factor in (0, 1]");
            minSigma = m.number("min_sigma", 0, v -> v >= 0, "a number >= 0");
            if (minSigma > sigma) {
                throw m.error("min_sigma", "expected at most sigma (" + sigma + "), got " + minSigma);
            }
            tau = m.number("tau", 0, v -> v >= 0, "a number >= 0 (0 = 1/sqrt(dimension))");
            m.finish();
        }
        mutationOut.put("sigma", sigma);
        mutationOut.put("probability", probability);
        mutationOut.put("schedule", schedule);
        mutationOut.put("decay", decay);
        mutationOut.put("min_sigma", minSigma);
        mutationOut.put("tau", tau);
        Mutation mutation = new Mutation(
                sigma,
                probability,
                Mutation.Schedule.valueOf(schedule.toUpperCase(java.util.Locale.ROOT)),
                decay,
                minSigma,
                tau);

        Optional<Bounds> bounds = Optional.empty();
        Map<String, Object> boundsOut = null;
        ConfigNode b = node.optionalMap("bounds");
        if (b != null) {
            if (!b.has("min") || !b.has("max")) {
                throw b.error(b.has("min") ? "max" : "min", "missing (bounds need both min and max)");
            }
            double min = b.number("min", 0);
            double max = b.number("max", 0);
            if (!(min < max)) {
                throw b.error("max", "expected max > min (" + min + "), got " + max);
            }
            b.finish();
            bounds = Optional.of(new Bounds(min, max));
            boundsOut = new LinkedHashMap<>();
            boundsOut.put("min", min);
            boundsOut.put("max", max);
        }
        double initNoise = node.number("init_noise", 0, v -> v >= 0, "a standard deviation >= 0");
        int batch = fitnessBatch(node, task, out);
        int perCandidate = node.intValue("evaluations_per_candidate", 1, 1);
        int eliteCandidates = node.intValue("elite_candidates", elites, 0);
        if (eliteCandidates < elites || eliteCandidates > population) {
            throw node.error(
                    "elite_candidates",
                    "expected a number in [elites, population] = [" + elites + ", " + population + "], got "
                            + eliteCandidates);
        }
        int reevaluations = node.intValue("elite_reevaluations", 0, 0);
        ConfigNode steady = node.optionalMap("steady_fitness");
        int steadyGenerations = 0;
        double steadyTolerance = 0;
        Map<String, Object> steadyOut = null;
        if (steady != null) {
            steadyGenerations = steady.intValue("generations", 50, 1);
            steadyTolerance = steady.number("tolerance", 0, v -> v >= 0, "a number >= 0");
            steady.finish();
            steadyOut = new LinkedHashMap<>();
            steadyOut.put("generations", steadyGenerations);
            steadyOut.put("tolerance", steadyTolerance);
        }
        node.finish();
        out.put("population", population);
        out.put("elites", elites);
        out.put("selection", selectionOut);
        out.put("crossover", crossoverOut);
        out.put("mutation", mutationOut);
        out.put("bounds", boundsOut);
        out.put("init_noise", initNoise);
        out.put("evaluations_per_candidate", perCandidate);
        out.put("elite_candidates", eliteCandidates);
        out.put("elite_reevaluations", reevaluations);
        out.put("steady_fitness", steadyOut);
        return new GeneticAlgorithm(
                population,
                elites,
                selection,
                crossover,
                crossoverProbability,
                mutation,
                bounds,
                initNoise,
                batch,
                perCandidate,
                eliteCandidates,
                reevaluations,
                steadyGenerations,
                steadyTolerance);
    }

    private static Selection selection(ConfigNode node, int population, boolean deep, Map<String, Object> out) {
        ConfigNode s = node.optionalMap("selection");
        String fallback = deep ? "truncation" : "tournament";
        String type = s == null
                ? fallback
                : s.choice("type", fallback, List.of("tournament", "truncation", "roulette", "sus", "linear_rank"));
        out.put("type", type);
        Selection selection;
        switch (type) {
            case "tournament" -> {
                int size = s == null ? 3 : s.intValue("size", 3, 1);
                if (size > population) {
                    throw s.error(
                            "size",
                            "expected a tournament no larger than the population (" + population + "), got " + size);
                }
                out.put("size", size);
                selection = new Selection.Tournament(size);
            }
            case "truncation" -> {
                int top = s == null ? Math.min(20, population) : s.intValue("top", Math.min(20, population), 1);
                if (top > population) {
                    throw s.error("top", "expected at most the population (" + population + "), got " + top);
                }
                out.put("top", top);
                selection = new Selection.Truncation(top);
            }
            case "roulette" -> selection = new Selection.Roulette();
            case "sus" -> selection = new Selection.StochasticUniversal();
            default -> {
                double pressure =
                        s == null ? 1.5 : s.number("pressure", 1.5, v -> v >= 1 && v <= 2, "a pressure in [1, 2]");
                out.put("pressure", pressure);
                selection = new Selection.LinearRank(pressure);
            }
        }
        if (s != null) {
            s.finish();
        }
        return selection;
    }

    private static PolicyGradient policyGradient(ConfigNode node, TaskConfig task, Map<String, Object> out) {
        if (task instanceof TaskConfig.BlackBox) {
            throw node.error(
                    "type",
                    "a policy-gradient learner needs a policy acting in episodes; a " + task.type()
                            + " task is a black-box function (use genetic or cmaes)");
        }
        String ruleName = node.choice("rule", "adam", List.of("sgd", "adam", "rmsprop", "adagrad"));
        UpdateRule rule =
                switch (ruleName) {
                    case "sgd" -> new Sgd(
                            node.number("momentum", 0, v -> v >= 0 && v < 1, "a momentum in [0, 1)"), 0, false);
                    case "rmsprop" -> RmsProp.defaults();
                    case "adagrad" -> Adagrad.defaults();
                    default -> Adam.defaults();
                };
        double lr = node.number("learning_rate", 0.01, v -> v > 0, "a positive number");
        int episodes = node.intValue("episodes_per_update", task instanceof TaskConfig.Csv ? 64 : 1, 1);
        double gamma = node.number("gamma", 0.99, v -> v > 0 && v <= 1, "a discount in (0, 1]");
        String baseline = node.choice("baseline", "normalize", List.of("none", "running_mean", "normalize", "value"));
        if (baseline.equals("value") && !(task instanceof TaskConfig.Control)) {
            throw node.error(
                    "baseline",
                    "a learned value baseline needs a control task (a supervised bandit has "
                            + "no value network); use none, running_mean or normalize");
        }
        double decay = node.number("baseline_decay", 0.9, v -> v >= 0 && v < 1, "a decay in [0, 1)");
        double valueLr = node.number("value_learning_rate", 0.01, v -> v > 0, "a positive number");
        double entropy = node.number("entropy_bonus", 0, v -> v >= 0, "a number >= 0");
        double clip = node.number("clip_norm", 0, v -> v >= 0, "a number >= 0 (0 = no clipping)");
        node.finish();
        out.put("rule", ruleName);
        out.put("learning_rate", lr);
        out.put("episodes_per_update", episodes);
        out.put("gamma", gamma);
        out.put("baseline", baseline);
        out.put("baseline_decay", decay);
        out.put("value_learning_rate", valueLr);
        out.put("entropy_bonus", entropy);
        out.put("clip_norm", clip);
        return new PolicyGradient(
                rule,
                lr,
                episodes,
                gamma,
                PolicyGradient.Baseline.valueOf(baseline.toUpperCase(java.util.Locale.ROOT)),
                decay,
                valueLr,
                entropy,
                clip);
    }

    private static RandomSearch randomSearch(ConfigNode node, TaskConfig task, Map<String, Object> out) {
        int samples = node.intValue("samples", 100, 1);
        int batch = fitnessBatch(node, task, out);
        node.finish();
        out.put("samples", samples);
        return new RandomSearch(samples, batch);
    }

    private static CmaEs cmaes(ConfigNode node, TaskConfig task, Map<String, Object> out) {
        int population = node.intValue("population", 0, 0);
        if (population == 1) {
            throw node.error("population", "expected 0 (the CMA-ES default 4 + 3 ln d) or at least 2, got 1");
        }
        double sigma = node.number("sigma", 0.5, v -> v > 0, "a positive number");
        boolean diagonal = node.bool("diagonal", false);
        boolean active = node.bool("active", true);
        int batch = fitnessBatch(node, task, out);
        node.finish();
        out.put("population", population);
        out.put("sigma", sigma);
        out.put("diagonal", diagonal);
        out.put("active", active);
        return new CmaEs(population, sigma, diagonal, active, batch);
    }

    static GradientDescent backprop(ConfigNode node, TaskConfig.Csv task, Budget budget, Map<String, Object> out) {
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
            batch = node.intValue("batch_size", 32, 1);
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
        if (e != null && task.split().validation() == 0) {
            throw node.error("early_stopping", "needs a validation split, and task.split.validation is 0");
        }
        if (e != null) {
            int patience = e.intValue("patience", 10, 1);
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
                int size = node.intValue("step_size", 10, 1);
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
}
