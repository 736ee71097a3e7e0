package org.learnbench.experiment.tuning;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The hyperparameters a tuned study varies for one optimizer, each with its range, and whether the space is
 * the family's standard one or declared in the study file.
 *
 * <p>The standard space of every family is its step size, log-uniform over two decades either side of the
 * value the optimizer entry sets (or the default it takes): the learning rate of backprop (every update
 * rule) and of policy gradient, the mutation sigma of the genetic algorithm, the initial sigma of CMA-ES.
 * The step size is the one hyperparameter every family has and the one their results depend on most; four
 * decades around a sensible value hold the best value of each shipped task. Random search has nothing to
 * tune. A study widens or narrows a space with its optimizer entry's {@code search:}.
 */
public record SearchSpace(List<Dimension> dimensions, boolean standard) {
    /** How far either side of the entry's value the standard space reaches, as a factor. */
    public static final double STANDARD_FACTOR = 100;

    /** The step-size key of each optimizer type (absent: nothing to tune). */
    private static final Map<String, String> STEP_SIZE = Map.of(
            "backprop",
            "learning_rate",
            "policy_gradient",
            "learning_rate",
            "genetic",
            "mutation.sigma",
            "cmaes",
            "sigma");

    public SearchSpace {
        dimensions = List.copyOf(dimensions);
    }

    /** The standard space of an optimizer, from its resolved section (every default filled in). */
    public static SearchSpace standardFor(Map<String, Object> resolvedOptimizer) {
        String key = STEP_SIZE.get(String.valueOf(resolvedOptimizer.get("type")));
        if (key == null) {
            return new SearchSpace(List.of(), true);
        }
        Object value = Settings.flatten(resolvedOptimizer).get(key);
        if (!(value instanceof Number n) || n.doubleValue() <= 0) {
            return new SearchSpace(List.of(), true);
        }
        double centre = n.doubleValue();
        return new SearchSpace(
                List.of(new Dimension.LogUniform(key, centre / STANDARD_FACTOR, centre * STANDARD_FACTOR)), true);
    }

    /** True when there is nothing to vary: the optimizer runs as written, untuned. */
    public boolean isEmpty() {
        return dimensions.isEmpty();
    }

    /** The keys varied, in order. */
    public List<String> keys() {
        return dimensions.stream().map(Dimension::key).toList();
    }

    /** {@code n} trial points: each a map from key to config text, in the space's order. */
    public List<Map<String, String>> points(Sampler sampler, int n, RandomGenerator random) {
        List<Map<String, String>> out = new ArrayList<>();
        for (double[] u : sampler.points(n, dimensions.size(), random)) {
            Map<String, String> values = new LinkedHashMap<>();
            for (int d = 0; d < dimensions.size(); d++) {
                values.put(dimensions.get(d).key(), dimensions.get(d).value(u[d]));
            }
            out.add(values);
        }
        return out;
    }

    /** "learning_rate log-uniform [1e-05, 0.1]; ..." with "(standard space)" or nothing when declared. */
    public String describe() {
        if (isEmpty()) {
            return "nothing to tune";
        }
        List<String> parts = new ArrayList<>();
        for (Dimension d : dimensions) {
            parts.add(d.key() + " " + d.describe());
        }
        return String.join("; ", parts) + (standard ? " (standard space)" : "");
    }
}
