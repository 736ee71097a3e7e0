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
        assertEquals("evaluation return (greedy policy, mean over episodes)", AxisLabels.metric("eval_return"));
        assertEquals("fitness (objective value, noise-free)", AxisLabels.metric("fitness"));
        assertEquals("train return (mean over episodes)", AxisLabels.metric("train_return_mean"));
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
