package org.learnbench.tasks.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MetricsTest {
    @Test
    void accuracyIsTheFractionOfMatches() {
        assertEquals(0.75, Metrics.accuracy(new int[] {0, 1, 2, 1}, new int[] {0, 1, 2, 2}), 0);
    }

    @Test
    void regressionErrorsMatchHandComputedValues() {
        double[] actual = {1, 2, 3};
        double[] predicted = {1, 2, 5};
        // Errors 0, 0, 2: MSE 4/3, MAE 2/3; mean of actual 2, SS_tot 2, SS_res 4, R^2 = 1 - 4/2 = -1.
        assertEquals(Math.sqrt(4.0 / 3), Metrics.rmse(predicted, actual), 1e-15);
        assertEquals(2.0 / 3, Metrics.mae(predicted, actual), 1e-15);
        assertEquals(-1, Metrics.r2(predicted, actual), 1e-15);
        // Predictions 1.5, 2, 2.5: SS_res 0.5, R^2 = 1 - 0.5 / 2 = 0.75.
        assertEquals(0.75, Metrics.r2(new double[] {1.5, 2, 2.5}, actual), 1e-15);
    }

    @Test
    void r2IsOneForAPerfectPredictionAndZeroForTheMean() {
        double[] actual = {3, -1, 4, 1, 5};
        assertEquals(1, Metrics.r2(actual.clone(), actual), 0);
        assertEquals(0, Metrics.r2(new double[] {2.4, 2.4, 2.4, 2.4, 2.4}, actual), 1e-15);
    }

    @Test
    void r2IsUndefinedWhenEveryActualValueIsEqual() {
        assertTrue(Double.isNaN(Metrics.r2(new double[] {1, 2}, new double[] {3, 3})));
    }

    @Test
    void emptyInputsGiveNaN() {
        assertTrue(Double.isNaN(Metrics.accuracy(new int[0], new int[0])));
        assertTrue(Double.isNaN(Metrics.rmse(new double[0], new double[0])));
    }

    @Test
    void rejectsArraysOfDifferentLengthsNamingBoth() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Metrics.rmse(new double[2], new double[3]));
        assertEquals("predicted has 2 values but actual has 3", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Metrics.accuracy(new int[1], new int[0]));
        assertThrows(IllegalArgumentException.class, () -> Metrics.mae(new double[1], new double[0]));
        assertThrows(IllegalArgumentException.class, () -> Metrics.r2(new double[1], new double[0]));
    }
}
