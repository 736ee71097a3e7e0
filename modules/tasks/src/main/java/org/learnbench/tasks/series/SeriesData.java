package org.learnbench.tasks.series;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.learnbench.tasks.data.PreparedData;

/**
 * A forecasting fold ready to train on: the supervised data (standardised windows and targets), the fold's
 * blocks, the training statistics, and the baselines' forecasts with the actual values, in the target's
 * units, for the validation and test samples.
 *
 * @param data the windows as rows (step-major: all series of the oldest step first) and the standardised target
 * @param fold the blocks of samples
 * @param mean the training mean of each series (inputs are standardised with it)
 * @param sd the training standard deviation of each series (1 where it was 0)
 * @param arCoefficients the AR baseline's intercept and coefficients, on raw values
 * @param actual per split ("validation", "test"): the actual target values
 * @param forecasts per baseline name, per split: its forecasts
 */
public record SeriesData(
        PreparedData data,
        WalkForward fold,
        double[] mean,
        double[] sd,
        double[] arCoefficients,
        Map<String, double[]> actual,
        Map<String, Map<String, double[]>> forecasts) {
    /** The splits baselines are measured on. */
    public static final List<String> SPLITS = List.of("validation", "test");

    public SeriesData {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(fold, "fold");
        mean = mean.clone();
        sd = sd.clone();
        arCoefficients = arCoefficients.clone();
        actual = Map.copyOf(actual);
        Map<String, Map<String, double[]>> copy = new LinkedHashMap<>();
        forecasts.forEach((k, v) -> copy.put(k, Map.copyOf(v)));
        forecasts = java.util.Collections.unmodifiableMap(copy);
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] sd() {
        return sd.clone();
    }

    @Override
    public double[] arCoefficients() {
        return arCoefficients.clone();
    }

    /**
     * The baselines' measures: {@code <split>_<baseline>_rmse}, {@code _mae} and {@code _direction} for
     * validation and test (empty splits left out).
     */
    public Map<String, Double> baselineMetrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String split : SPLITS) {
            double[] y = actual.get(split);
            if (y == null || y.length == 0) {
                continue;
            }
            for (String b : Baselines.NAMES) {
                double[] f = forecasts.get(b).get(split);
                m.put(split + "_" + b + "_rmse", ForecastMetrics.rmse(f, y));
                m.put(split + "_" + b + "_mae", ForecastMetrics.mae(f, y));
                m.put(split + "_" + b + "_direction", ForecastMetrics.directionalAccuracy(f, y));
            }
        }
        return m;
    }
}
