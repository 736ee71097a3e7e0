package org.learnbench.optim;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What a recorded metric is, declared by whoever records it (a problem, or an optimizer for its own
 * statistics): its name, the data it is measured on, the kind of quantity, which way is better, and its
 * unit. Run loops, reports and the command line read these instead of guessing from names.
 *
 * @param unit the metric's unit in words ("" for a pure number)
 */
public record Metric(String name, Split split, Kind kind, Direction direction, String unit) {
    /** The data a metric is measured on. */
    public enum Split {
        TRAIN,
        VALIDATION,
        TEST,
        /** Not a split of a dataset: an environment's evaluation episodes, a function, an optimizer's state. */
        NONE
    }

    /** The kind of quantity. */
    public enum Kind {
        /** The objective a model is trained on. */
        LOSS,
        /** Fraction of correct predictions. */
        ACCURACY,
        /** Prediction error in the target's units (RMSE, MAE). */
        ERROR,
        /** Coefficient of determination. */
        R2,
        /** Return of episodes. */
        RETURN,
        /** Length of episodes. */
        LENGTH,
        /** 1 when a task counts as solved, else 0. */
        FLAG,
        /** A black-box function's value, or a distance to its optimum (minimised). */
        FITNESS,
        /** An optimizer's own statistic (population spread, step size, entropy): described, not judged. */
        STATISTIC
    }

    /** Which way is better. */
    public enum Direction {
        HIGHER_IS_BETTER,
        LOWER_IS_BETTER,
        /** Neither: a statistic that describes a run. */
        NONE
    }

    public Metric {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(unit, "unit");
    }

    /** True for a training or validation loss: what ends a run as DIVERGED when it stops being finite. */
    public boolean guardsDivergence() {
        return kind == Kind.LOSS && (split == Split.TRAIN || split == Split.VALIDATION);
    }

    public boolean higherIsBetter() {
        return direction == Direction.HIGHER_IS_BETTER;
    }

    /** The descriptor as a manifest records it. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("split", split.name().toLowerCase(Locale.ROOT));
        m.put("kind", kind.name().toLowerCase(Locale.ROOT));
        m.put("direction", direction.name().toLowerCase(Locale.ROOT));
        m.put("unit", unit);
        return m;
    }

    /** A descriptor as a manifest records it. */
    public static Metric fromMap(String name, Map<?, ?> map) {
        return new Metric(
                name,
                Split.valueOf(String.valueOf(map.get("split")).toUpperCase(Locale.ROOT)),
                Kind.valueOf(String.valueOf(map.get("kind")).toUpperCase(Locale.ROOT)),
                Direction.valueOf(String.valueOf(map.get("direction")).toUpperCase(Locale.ROOT)),
                map.get("unit") == null ? "" : String.valueOf(map.get("unit")));
    }

    /** A metric of a dataset split, e.g. {@code split(Split.TEST, Kind.ACCURACY, HIGHER_IS_BETTER, "")}. */
    public static Metric of(Split split, String suffix, Kind kind, Direction direction, String unit) {
        return new Metric(split.name().toLowerCase(Locale.ROOT) + "_" + suffix, split, kind, direction, unit);
    }

    /** An optimizer statistic (no split, no direction). */
    public static Metric statistic(String name, String unit) {
        return new Metric(name, Split.NONE, Kind.STATISTIC, Direction.NONE, unit);
    }

    /**
     * Descriptors of an optimizer's statistics: the named ones are fitness values (minimised) or returns
     * (maximised); the rest describe the run without a direction.
     */
    public static java.util.List<Metric> statistics(
            java.util.Collection<String> names, java.util.Set<String> minimised, java.util.Set<String> maximised) {
        return names.stream()
                .map(n -> minimised.contains(n)
                        ? new Metric(n, Split.NONE, Kind.FITNESS, Direction.LOWER_IS_BETTER, "")
                        : maximised.contains(n)
                                ? new Metric(n, Split.NONE, Kind.RETURN, Direction.HIGHER_IS_BETTER, "")
                                : statistic(n, ""))
                .toList();
    }

    /**
     * Descriptors of a population method's statistics: its best, mean and best-so-far fitness are minimised
     * fitness values; the rest (spread, diversity, step size) describe the run.
     */
    public static java.util.List<Metric> populationStatistics(java.util.Collection<String> names) {
        return statistics(names, java.util.Set.of("best_fitness", "mean_fitness", "best_so_far"), java.util.Set.of());
    }

    /**
     * The descriptor of a metric recorded before runs recorded descriptors (manifests without a
     * "metrics" section): read from the naming convention those runs followed. Used for nothing else.
     */
    public static Metric legacy(String name) {
        Split split = name.startsWith("train_")
                ? Split.TRAIN
                : name.startsWith("validation_")
                        ? Split.VALIDATION
                        : name.startsWith("test_") ? Split.TEST : Split.NONE;
        if (name.endsWith("_loss") && split != Split.NONE) {
            return new Metric(name, split, Kind.LOSS, Direction.LOWER_IS_BETTER, "");
        }
        if (name.endsWith("accuracy")) {
            return new Metric(name, split, Kind.ACCURACY, Direction.HIGHER_IS_BETTER, "");
        }
        if (name.endsWith("_r2")) {
            return new Metric(name, split, Kind.R2, Direction.HIGHER_IS_BETTER, "");
        }
        if (name.endsWith("_rmse") || name.endsWith("_mae")) {
            return new Metric(name, split, Kind.ERROR, Direction.LOWER_IS_BETTER, "target units");
        }
        if (name.contains("return")) {
            return new Metric(name, split, Kind.RETURN, Direction.HIGHER_IS_BETTER, "");
        }
        if (name.equals("solved")) {
            return new Metric(name, split, Kind.FLAG, Direction.HIGHER_IS_BETTER, "");
        }
        if (name.contains("fitness") || name.equals("distance_to_optimum") || name.equals("best_so_far")) {
            return new Metric(name, split, Kind.FITNESS, Direction.LOWER_IS_BETTER, "");
        }
        return statistic(name, "");
    }
}
