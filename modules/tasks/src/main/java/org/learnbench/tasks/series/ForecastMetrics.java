package org.learnbench.tasks.series;

import org.learnbench.tasks.data.Metrics;

/**
 * Measures of forecasts of a series in its own units: RMSE and MAE (as {@link Metrics} computes them) and
 * directional accuracy.
 */
public final class ForecastMetrics {
    private ForecastMetrics() {}

    /**
     * The mean direction score of forecasts: 1 where the forecast and the actual value have the same sign
     * (both positive, both negative, or both exactly 0), 0 where the signs are opposite, and 1/2 where
     * exactly one of them is 0 (a forecast of no move says nothing about the direction, so it scores what a
     * coin flip would; and a move forecast for a day without one is half wrong). The zero forecast thus scores
     * 1/2 on every day that moves. NaN for no values, or if any value is NaN.
     */
    public static double directionalAccuracy(double[] predicted, double[] actual) {
        if (predicted.length != actual.length) {
            throw new IllegalArgumentException(
                    "predicted has " + predicted.length + " values but actual has " + actual.length);
        }
        if (actual.length == 0) {
            return Double.NaN;
        }
        double score = 0;
        for (int i = 0; i < actual.length; i++) {
            if (Double.isNaN(predicted[i]) || Double.isNaN(actual[i])) {
                return Double.NaN;
            }
            double p = Math.signum(predicted[i]);
            double a = Math.signum(actual[i]);
            score += p == a ? 1 : (p == 0 || a == 0) ? 0.5 : 0;
        }
        return score / actual.length;
    }

    /** Root mean squared error. */
    public static double rmse(double[] predicted, double[] actual) {
        return Metrics.rmse(predicted, actual);
    }

    /** Mean absolute error. */
    public static double mae(double[] predicted, double[] actual) {
        return Metrics.mae(predicted, actual);
    }
}
