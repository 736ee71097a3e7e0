package org.learnbench.tasks.data;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which CSV column is the target, which are features (and which of those are categorical), what kind of task it is
 * and how missing cells are handled.
 *
 * @param target the target column
 * @param features the feature columns; empty means every column except the target and {@code exclude}. Features are
 *     always used in the file's column order, whatever order they are listed in.
 * @param categorical columns forced to be categorical; other feature columns are categorical when most of their
 *     present values are not numbers (see {@link TabularPreparer})
 * @param exclude columns to leave out when {@code features} is empty; must be empty when {@code features} is given
 * @param kind classification or regression
 * @param missing what to do with a row that has a missing feature cell
 * @param logTarget regression only: model log(y) instead of y (every target must then be positive)
 */
public record TabularSpec(
        String target,
        List<String> features,
        List<String> categorical,
        List<String> exclude,
        TaskKind kind,
        MissingPolicy missing,
        boolean logTarget) {

    public TabularSpec {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(missing, "missing");
        features = List.copyOf(Objects.requireNonNull(features, "features"));
        categorical = List.copyOf(Objects.requireNonNull(categorical, "categorical"));
        exclude = List.copyOf(Objects.requireNonNull(exclude, "exclude"));
        if (target.isBlank()) {
            throw new IllegalArgumentException("the target column name is blank");
        }
        if (logTarget && kind != TaskKind.REGRESSION) {
            throw new IllegalArgumentException("logTarget applies to regression only, but the task is " + kind);
        }
        if (!features.isEmpty() && !exclude.isEmpty()) {
            // Both at once is ambiguous (is an excluded listed feature in or out?), so ask for one.
            throw new IllegalArgumentException("give either features " + features + " or exclude " + exclude
                    + ", not both (exclude only applies when features is empty)");
        }
        requireDistinct("features", features);
        requireDistinct("categorical", categorical);
        if (features.contains(target)) {
            throw new IllegalArgumentException("the target '" + target + "' is also listed as a feature");
        }
        if (categorical.contains(target)) {
            throw new IllegalArgumentException("the target '" + target + "' is listed as a categorical feature");
        }
        if (!features.isEmpty()) {
            for (String column : categorical) {
                if (!features.contains(column)) {
                    throw new IllegalArgumentException(
                            "categorical column '" + column + "' is not among the features " + features);
                }
            }
        }
    }

    /** A classification task on {@code target} using every other column, imputing missing cells. */
    public static TabularSpec classification(String target) {
        return new TabularSpec(
                target, List.of(), List.of(), List.of(), TaskKind.CLASSIFICATION, MissingPolicy.IMPUTE, false);
    }

    /** A regression task on {@code target} using every other column, imputing missing cells, target not logged. */
    public static TabularSpec regression(String target) {
        return new TabularSpec(
                target, List.of(), List.of(), List.of(), TaskKind.REGRESSION, MissingPolicy.IMPUTE, false);
    }

    /** This spec with other feature columns. */
    public TabularSpec withFeatures(List<String> newFeatures) {
        return new TabularSpec(target, newFeatures, categorical, exclude, kind, missing, logTarget);
    }

    /** This spec with other columns forced categorical. */
    public TabularSpec withCategorical(List<String> newCategorical) {
        return new TabularSpec(target, features, newCategorical, exclude, kind, missing, logTarget);
    }

    /** This spec with other excluded columns. */
    public TabularSpec withExclude(List<String> newExclude) {
        return new TabularSpec(target, features, categorical, newExclude, kind, missing, logTarget);
    }

    /** This spec with another missing-cell policy. */
    public TabularSpec withMissing(MissingPolicy newMissing) {
        return new TabularSpec(target, features, categorical, exclude, kind, newMissing, logTarget);
    }

    /** This spec with the log-target switch set. */
    public TabularSpec withLogTarget(boolean newLogTarget) {
        return new TabularSpec(target, features, categorical, exclude, kind, missing, newLogTarget);
    }

    private static void requireDistinct(String what, List<String> names) {
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!seen.add(name)) {
                throw new IllegalArgumentException(what + " lists '" + name + "' twice: " + names);
            }
        }
    }
}
