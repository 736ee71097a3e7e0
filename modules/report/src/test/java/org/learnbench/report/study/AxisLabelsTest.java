package org.learnbench.report.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AxisLabelsTest {
    @Test
    void metricsOfTheWorkbenchReadAsWordsWithUnits() {
        assertEquals("test accuracy (fraction correct)", AxisLabels.metric("test_accuracy"));
        assertEquals("validation loss", AxisLabels.metric("validation_loss"));
        assertEquals("train R\u00b2 (coefficient of determination)", AxisLabels.metric("train_r2"));
        assertEquals("test RMSE (target units)", AxisLabels.metric("test_rmse"));
        assertEquals("greedy evaluation return (mean over episodes)", AxisLabels.metric("eval_return"));
        // Short names stay distinct, since a chart names its series by them.
        java.util.Set<String> shortNames = new java.util.HashSet<>();
        for (String metric : java.util.List.of(
                "eval_return",
                "eval_return_stochastic",
                "eval_episode_length",
                "train_return_mean",
                "train_return_median",
                "train_return_min",
                "train_return_max",
                "train_episode_length",
                "best_fitness",
                "mean_fitness",
                "best_so_far",
                "fitness",
                "train_loss",
                "validation_loss",
                "test_loss",
                "train_accuracy",
                "test_r2",
                "test_rmse",
                "test_mae")) {
            org.junit.jupiter.api.Assertions.assertTrue(shortNames.add(AxisLabels.metricShort(metric)), metric);
        }
        assertEquals("fitness (objective value, noise-free)", AxisLabels.metric("fitness"));
        assertEquals("train mean return (over episodes)", AxisLabels.metric("train_return_mean"));
        assertEquals("test accuracy", AxisLabels.metricShort("test_accuracy"));
        // An unknown metric is shown, not hidden.
        assertEquals("my new metric", AxisLabels.metric("my_new_metric"));
    }

    @Test
    void clocksReadAsWordsWithUnits() {
        assertEquals("sample forward passes (forward + 2 \u00d7 backward)", AxisLabels.clock("sample_forward_passes"));
        assertEquals("wall-clock time (ms)", AxisLabels.clock("wall_ms"));
        assertEquals("floating-point operations (FLOPs)", AxisLabels.clock("flops"));
        assertEquals("environment steps", AxisLabels.clock("env_steps"));
        assertEquals("wall-clock time (s)", AxisLabels.clock(Clock.WALL_SECONDS));
        assertEquals("wall-clock time", AxisLabels.clockShort(Clock.WALL_SECONDS));
        for (Clock clock : Clock.values()) {
            AxisLabels.clock(clock);
        }
        assertThrows(IllegalArgumentException.class, () -> AxisLabels.metric(" "));
    }
}
