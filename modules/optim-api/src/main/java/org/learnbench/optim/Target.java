package org.learnbench.optim;

import java.util.Objects;

/**
 * A target value of a checkpoint metric: the run ends as {@link Termination#TARGET_REACHED} at the first
 * checkpoint where the metric reaches it.
 *
 * @param metric a checkpoint metric name, e.g. "validation_accuracy"
 * @param value the threshold
 * @param higherIsBetter true when reaching means metric >= value, false when metric <= value
 */
public record Target(String metric, double value, boolean higherIsBetter) {
    public Target {
        Objects.requireNonNull(metric, "metric");
        if (metric.isBlank()) {
            throw new IllegalArgumentException("a target needs a metric name");
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("target value must be finite, got " + value);
        }
    }

    /** True when the metric value reaches the target. */
    public boolean reachedBy(double metricValue) {
        return higherIsBetter ? metricValue >= value : metricValue <= value;
    }
}
