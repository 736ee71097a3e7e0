package org.learnbench.report.study;

import java.util.Locale;
import java.util.Map;

/**
 * The words and units charts put on their axes and in their titles for the workbench's metric and clock
 * names (experiments/README.md, "Metrics"): {@code test_accuracy} reads "test accuracy (fraction
 * correct)", {@code wall_ms} "wall-clock time (ms)". A name the workbench does not define reads as itself
 * with spaces for underscores, so a new metric is never hidden.
 */
public final class AxisLabels {
    private static final Map<String, String> SPLIT_METRICS = Map.ofEntries(
            Map.entry("rmse_log", "RMSE on log(target)"),
            Map.entry("mae_log", "MAE on log(target)"),
            Map.entry("r2_log", "R\u00b2 on log(target)"),
            Map.entry("loss", "loss"),
            Map.entry("accuracy", "accuracy (fraction correct)"),
            Map.entry("rmse", "RMSE (target units)"),
            Map.entry("mae", "MAE (target units)"),
            Map.entry("r2", "R\u00b2 (coefficient of determination)"),
            Map.entry("return_mean", "mean return (over episodes)"),
            Map.entry("return_median", "median return (over episodes)"),
            Map.entry("return_min", "worst episode return"),
            Map.entry("return_max", "best episode return"),
            Map.entry("episode_length", "episode length (steps)"));

    private static final Map<String, String> METRICS = Map.ofEntries(
            Map.entry("eval_return", "greedy evaluation return (mean over episodes)"),
            Map.entry("eval_return_stochastic", "sampled evaluation return (mean over episodes)"),
            Map.entry("eval_episode_length", "greedy evaluation episode length (steps)"),
            Map.entry("solved", "solved (fraction of evaluations)"),
            Map.entry("entropy", "policy entropy (nats)"),
            Map.entry("value_loss", "value-network loss"),
            Map.entry("best_fitness", "best fitness of the generation"),
            Map.entry("mean_fitness", "mean fitness of the generation"),
            Map.entry("fitness_sd", "standard deviation of fitness"),
            Map.entry("best_so_far", "best fitness so far"),
            Map.entry("diversity", "diversity (mean distance to the centroid)"),
            Map.entry("sigma", "step size \u03c3"),
            Map.entry("fitness", "fitness (objective value, noise-free)"),
            Map.entry("distance_to_optimum", "distance to the optimum"),
            Map.entry("generalisation_gap", "generalisation gap (validation \u2212 train loss)"),
            Map.entry("objective", "training objective"));

    private static final Map<String, String> CLOCKS = Map.ofEntries(
            Map.entry("iteration", "iterations"),
            Map.entry("iterations", "iterations"),
            Map.entry("sample_forward_passes", "sample forward passes (forward + 2 \u00d7 backward)"),
            Map.entry("forward_samples", "forward passes (samples)"),
            Map.entry("backward_samples", "backward passes (samples)"),
            Map.entry("evaluations", "fitness evaluations"),
            Map.entry("env_steps", "environment steps"),
            Map.entry("episodes", "episodes"),
            Map.entry("flops", "floating-point operations (FLOPs)"),
            Map.entry("monitor_forward_samples", "checkpoint forward passes (samples, not charged)"),
            Map.entry("monitor_flops", "checkpoint FLOPs (not charged)"),
            Map.entry("monitor_env_steps", "checkpoint environment steps (not charged)"),
            Map.entry("wall_ms", "wall-clock time (ms)"),
            Map.entry("wall_seconds", "wall-clock time (s)"));

    private AxisLabels() {}

    /** A metric's name in words with its unit, such as "validation loss" or "test R² (coefficient of determination)". */
    public static String metric(String name) {
        requireName(name, "metric");
        String known = METRICS.get(name);
        if (known != null) {
            return known;
        }
        for (String split : new String[] {"train", "validation", "test"}) {
            if (name.startsWith(split + "_")) {
                String rest = name.substring(split.length() + 1);
                String words = SPLIT_METRICS.get(rest);
                if (words != null) {
                    return split + " " + words;
                }
            }
        }
        return name.replace('_', ' ');
    }

    /**
     * A metric's short name in words, without its unit, for titles and table headers: "test accuracy",
     * "test R²", "evaluation return".
     */
    public static String metricShort(String name) {
        String full = metric(name);
        int unit = full.indexOf(" (");
        return unit < 0 ? full : full.substring(0, unit);
    }

    /** A clock recorded in metrics.csv (such as {@code wall_ms} or {@code env_steps}) in words with its unit. */
    public static String clock(String name) {
        requireName(name, "clock");
        String known = CLOCKS.get(name.toLowerCase(Locale.ROOT).replace('-', '_'));
        return known != null ? known : name.replace('_', ' ');
    }

    /** A chart clock in words with its unit: "sample forward passes (forward + 2 × backward)", "wall-clock time (s)". */
    public static String clock(Clock clock) {
        if (clock == null) {
            throw new IllegalArgumentException("axis label needs a clock, got null");
        }
        return switch (clock) {
            case ITERATIONS -> "iterations";
            case SAMPLE_FORWARD_PASSES -> CLOCKS.get("sample_forward_passes");
            case FLOPS -> CLOCKS.get("flops");
            case WALL_SECONDS -> CLOCKS.get("wall_seconds");
            case EVALUATIONS -> CLOCKS.get("evaluations");
            case ENV_STEPS -> CLOCKS.get("env_steps");
            case EPISODES -> CLOCKS.get("episodes");
        };
    }

    /** A chart clock's short name in words, without its unit: "sample forward passes", "wall-clock time". */
    public static String clockShort(Clock clock) {
        String full = clock(clock);
        int unit = full.indexOf(" (");
        return unit < 0 ? full : full.substring(0, unit);
    }

    private static void requireName(String name, String what) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("axis label needs a " + what + " name, got " + name);
        }
    }
}
