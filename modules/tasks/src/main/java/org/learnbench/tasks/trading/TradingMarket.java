package org.learnbench.tasks.trading;

import java.util.Objects;
import org.learnbench.tasks.series.Series;
import org.learnbench.tasks.series.SeriesTransform;

/**
 * The data a trading environment plays on, split chronologically: one series of daily returns, its values as
 * the agent observes them (standardised with the training days' mean and sd), and the simple returns a
 * position earns. Day indices refer to the returns; the agent decides on day t (seeing days t - window + 1 ..
 * t) and earns day t + 1's return. Training episodes earn only returns of days before {@link #trainEnd()},
 * validation is the days [trainEnd, validationEnd) and test the days [validationEnd, days).
 *
 * @param observed per day, the standardised value the agent sees
 * @param returns per day, the simple return (a fraction) a long position earns over that day
 * @param window past days observed
 * @param cost the cost of a unit change of position, as a fraction of wealth (0.0005 = 5 basis points)
 * @param episodeLength decision days per training episode
 * @param trainEnd first day after training
 * @param validationEnd first test day
 */
public record TradingMarket(
        double[] observed,
        double[] returns,
        int window,
        double cost,
        int episodeLength,
        int trainEnd,
        int validationEnd,
        double mean,
        double sd) {
    public TradingMarket {
        Objects.requireNonNull(observed, "observed");
        Objects.requireNonNull(returns, "returns");
        observed = observed.clone();
        returns = returns.clone();
        if (observed.length != returns.length) {
            throw new IllegalArgumentException(observed.length + " observed days but " + returns.length + " returns");
        }
        if (window < 1) {
            throw new IllegalArgumentException("window must be >= 1, got " + window);
        }
        if (!(cost >= 0) || !Double.isFinite(cost)) {
            throw new IllegalArgumentException("cost must be a finite fraction >= 0, got " + cost);
        }
        if (episodeLength < 1 || episodeLength > trainEnd - window) {
            throw new IllegalArgumentException("an episode of " + episodeLength + " days does not fit the "
                    + Math.max(0, trainEnd - window) + " training days after the first window of " + window
                    + " (training days: " + trainEnd + ")");
        }
        if (validationEnd < trainEnd || validationEnd >= returns.length) {
            throw new IllegalArgumentException("the periods must be ordered with at least one test day, got training"
                    + " days [0, " + trainEnd + "), validation [" + trainEnd + ", " + validationEnd + "), test ["
                    + validationEnd + ", " + returns.length + ")");
        }
    }

    /**
     * The market of one series of a {@link Series}: days split by the validation and test shares (rounded;
     * test gets at least one day), observations standardised with the training days only.
     *
     * @param percent true when the series holds returns in percent (divided by 100 to earn), false for fractions
     */
    public static TradingMarket of(
            Series series,
            String column,
            SeriesTransform transform,
            boolean percent,
            int window,
            double cost,
            int episodeLength,
            double validation,
            double test) {
        int s = series.indexOf(column);
        if (s < 0) {
            throw new IllegalArgumentException("no series '" + column + "' in " + series.names());
        }
        int days = series.length();
        int testDays = Math.max(1, (int) Math.round(test * days));
        int validationDays = (int) Math.round(validation * days);
        int trainEnd = days - testDays - validationDays;
        if (trainEnd <= window + 1) {
            throw new IllegalArgumentException(days + " days leave " + Math.max(0, trainEnd) + " for training after "
                    + testDays + " test and " + validationDays + " validation days; a window of " + window
                    + " needs more");
        }
        double[] raw = new double[days];
        double[] simple = new double[days];
        for (int t = 0; t < days; t++) {
            raw[t] = series.value(t, s);
            simple[t] = transform == SeriesTransform.LOG_RETURNS ? Math.expm1(raw[t]) : percent ? raw[t] / 100 : raw[t];
        }
        double mean = 0;
        for (int t = 0; t < trainEnd; t++) {
            mean += raw[t];
        }
        mean /= trainEnd;
        double squares = 0;
        for (int t = 0; t < trainEnd; t++) {
            squares += (raw[t] - mean) * (raw[t] - mean);
        }
        double sd = Math.sqrt(squares / trainEnd);
        if (!(sd > 0) || !Double.isFinite(sd)) {
            sd = 1;
        }
        double[] observed = new double[days];
        for (int t = 0; t < days; t++) {
            observed[t] = (raw[t] - mean) / sd;
        }
        return new TradingMarket(observed, simple, window, cost, episodeLength, trainEnd, days - testDays, mean, sd);
    }

    /** Number of days. */
    public int days() {
        return returns.length;
    }

    @Override
    public double[] observed() {
        return observed.clone();
    }

    @Override
    public double[] returns() {
        return returns.clone();
    }

    double observedAt(int day) {
        return observed[day];
    }

    double returnAt(int day) {
        return returns[day];
    }

    /** The returns of days [from, to), copied. */
    public double[] returns(int from, int to) {
        return java.util.Arrays.copyOfRange(returns, from, to);
    }

    /** A new environment on this market. */
    public TradingEnvironment environment() {
        return new TradingEnvironment(this);
    }
}
