package org.learnbench.tasks.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A logged target's metrics come on both scales: the target's own units and the log scale it is fitted on. */
class RegressionMetricsTest {
    @Test
    void aLoggedTargetGetsItsMetricsInDollarsAndOnTheLogScale() {
        TargetTransform t = new TargetTransform(true, 12.0, 0.5);
        double[] predicted = {0.1, -0.4, 1.2};
        double[] actual = {0.0, -0.5, 2.0};
        Map<String, Double> m = new LinkedHashMap<>();
        Metrics.regression("test", predicted, actual, t, m);
        assertEquals(
                List.of("test_rmse", "test_mae", "test_r2", "test_rmse_log", "test_mae_log", "test_r2_log"),
                List.copyOf(m.keySet()));
        double[] logP = new double[3];
        double[] logA = new double[3];
        double[] p = new double[3];
        double[] a = new double[3];
        for (int i = 0; i < 3; i++) {
            logP[i] = predicted[i] * 0.5 + 12;
            logA[i] = actual[i] * 0.5 + 12;
            p[i] = Math.exp(logP[i]);
            a[i] = Math.exp(logA[i]);
        }
        assertEquals(Metrics.rmse(p, a), m.get("test_rmse"));
        assertEquals(Metrics.rmse(logP, logA), m.get("test_rmse_log"));
        assertEquals(Metrics.r2(logP, logA), m.get("test_r2_log"));
        // The log scale damps the largest error: R² on the log scale is not the dollar R².
        assertFalse(m.get("test_r2").equals(m.get("test_r2_log")));
    }

    @Test
    void anUnloggedTargetHasOnlyItsOwnUnits() {
        Map<String, Double> m = new LinkedHashMap<>();
        Metrics.regression("train", new double[] {1, 2}, new double[] {1, 3}, new TargetTransform(false, 0, 1), m);
        assertEquals(List.of("train_rmse", "train_mae", "train_r2"), List.copyOf(m.keySet()));
    }
}
