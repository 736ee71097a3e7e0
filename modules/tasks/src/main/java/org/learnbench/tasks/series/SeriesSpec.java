package org.learnbench.tasks.series;

import java.util.List;
import java.util.Objects;

/**
 * What a forecasting task is made of: the series (CSV columns and their transform), the target series, the
 * window of past values each forecast sees, how far ahead it forecasts, and which walk-forward fold a run
 * trains, validates and tests on.
 *
 * @param columns the input series, in the order their values stand in a window's step
 * @param transform how the columns become series
 * @param target the series forecast (one of {@code columns})
 * @param window past times per input (all series at each of them)
 * @param horizon steps ahead: the target at time t is forecast from the window ending at t - horizon
 * @param origin expanding or rolling history
 * @param folds number of test blocks the samples are cut into (after a first block of history)
 * @param fold which test block this run tests on, 1 .. folds
 * @param validation the share of the fold's history (its latest samples) used for validation
 * @param sequence true to describe the input as a sequence of {@code window} steps of one value per series
 *     (for recurrent layers), false for a flat vector; the row is the same either way
 */
public record SeriesSpec(
        List<String> columns,
        SeriesTransform transform,
        String target,
        int window,
        int horizon,
        Origin origin,
        int folds,
        int fold,
        double validation,
        boolean sequence) {
    public SeriesSpec {
        columns = List.copyOf(columns);
        Objects.requireNonNull(transform, "transform");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(origin, "origin");
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a series task needs at least one column");
        }
        if (!columns.contains(target)) {
            throw new IllegalArgumentException("the target '" + target + "' is not one of the columns " + columns);
        }
        if (window < 1 || horizon < 1) {
            throw new IllegalArgumentException("window and horizon must be >= 1, got " + window + " and " + horizon);
        }
        if (folds < 1 || fold < 1 || fold > folds) {
            throw new IllegalArgumentException("fold must be in 1 .. folds, got fold " + fold + " of " + folds);
        }
        if (!(validation >= 0 && validation < 1)) {
            throw new IllegalArgumentException("validation must be a fraction in [0, 1), got " + validation);
        }
    }
}
